-- The services ledger as the explorer sees it: every column, the branch's name, kind and community, and `one`
-- (1 per row) so that "per service" ratios are sums over sums.
-- grain: one row per service.
-- parameters: $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are kept; null = every unit.
--   The explorer wraps this query with filters whose values it binds as well.
with final as (
    select
        s.service_date,
        s.unit_id,
        u.name as unit_name,
        u.kind as unit_kind,
        u.community as unit_community,
        s.category,
        s.title,
        s.people_served,
        s.members_involved,
        s.hours,
        s.location,
        s.source_file,
        s.source_row,
        1 as one
    from services as s
    left join units as u on u.unit_id = s.unit_id
    where cast($unit_scope as varchar[]) is null or list_contains($unit_scope, s.unit_id)
)

select * from final
