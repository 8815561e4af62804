-- The disputes ledger as the explorer sees it, with the branch's name, kind and community and 0/1 flags whose
-- sums give 化解率 (resolved / all) and 上访率 (escalated / all).
-- grain: one row per dispute.
-- parameters: $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are kept; null = every unit.
--   The explorer wraps this query with filters whose values it binds as well.
with final as (
    select
        d.dispute_date,
        d.unit_id,
        u.name as unit_name,
        u.kind as unit_kind,
        u.community as unit_community,
        d.type,
        d.summary,
        d.resolved,
        d.resolved_date,
        d.escalated,
        d.source_file,
        d.source_row,
        1 as one,
        cast(d.resolved as integer) as resolved_flag,
        cast(d.escalated as integer) as escalated_flag
    from disputes as d
    left join units as u on u.unit_id = d.unit_id
    where cast($unit_scope as varchar[]) is null or list_contains($unit_scope, d.unit_id)
)

select * from final
