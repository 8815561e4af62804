-- Who has not yet scored whom: every (assessor of the panel, scored unit, qualitative indicator) without a score
-- in force.
-- grain: one row per missing (assessor, unit_id, indicator_id).
-- The scheme's indicators come as the relation `method_indicators` (kaohe.scheme.method_relations).
-- parameters: $period, $start, $end, $assessors (list of names), $unit_scope (or null).
with panel as (
    select unnest($assessors::varchar[]) as assessor
),

cells as (
    select p.assessor, u.unit_id, u.name as unit, u.kind, i.indicator_id, i.name as indicator, i.position
    from panel as p
    cross join units as u
    cross join method_indicators as i
    where (u.active_from is null or u.active_from < $end)
      and (u.active_to is null or u.active_to > $start)
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, u.unit_id))
      and i.rule = 'qualitative'
),

final as (
    select c.*
    from cells as c
    where not exists (
        select 1
        from qualitative_scores_current as q
        where q.period = $period and q.assessor = c.assessor and q.unit_id = c.unit_id
          and q.indicator_id = c.indicator_id
    )
)

select * exclude (position) from final
order by assessor, kind, unit_id, position
