-- The units each leader answers for (leader_units), with the roster's name, kind and community, within the
-- viewer's units. grain: one row per leader and unit.
-- parameters: $leader (varchar, one leader; null = every leader), $unit_scope (varchar[], a scoped viewer's
-- units; null = every unit).
with linked as (
    select lu.leader, lu.unit_id, lu.basis
    from leader_units as lu
    where (cast($leader as varchar) is null or lu.leader = $leader)
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, lu.unit_id))
),

final as (
    select li.leader, li.unit_id, u.name as unit, u.kind, u.community, li.basis
    from linked as li
    inner join units as u on u.unit_id = li.unit_id
)

select * from final
order by leader, basis desc, unit_id
