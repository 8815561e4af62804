-- The cases ledger (代办 and 实事) as the explorer sees it, with the branch's name, kind and community and 0/1
-- flags whose sums give 满意率 (satisfied / rated) and 办结率 (closed / all).
-- grain: one row per case.
-- parameters: $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are kept; null = every unit.
--   The explorer wraps this query with filters whose values it binds as well.
with final as (
    select
        c.received_date,
        c.closed_date,
        c.unit_id,
        u.name as unit_name,
        u.kind as unit_kind,
        u.community as unit_community,
        c.kind,
        c.type,
        c.title,
        c.status,
        c.satisfaction,
        c.source_file,
        c.source_row,
        1 as one,
        cast(c.satisfaction = '满意' as integer) as satisfied,  -- cjk: ledger values
        cast(c.satisfaction is not null as integer) as rated,
        cast(c.status = '已办结' as integer) as closed  -- cjk: ledger values
    from cases as c
    left join units as u on u.unit_id = c.unit_id
    where cast($unit_scope as varchar[]) is null or list_contains($unit_scope, c.unit_id)
)

select * from final
