-- One assessor's qualitative score sheet: every scored unit × qualitative indicator of a scheme version, with
-- the entry in force (if any) and the id of the cell's latest row, the version an edit must name to be saved.
-- grain: one row per (unit_id, indicator_id).
-- The scheme's indicators come as the relation `method_indicators` (kaohe.scheme.method_relations).
-- parameters: $period, $start, $end, $assessor, $unit_scope (a list of unit_ids, or null = all).
with scored_units as (
    select u.unit_id, u.name as unit, u.kind
    from units as u
    where (u.active_from is null or u.active_from < $end)
      and (u.active_to is null or u.active_to > $start)
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, u.unit_id))
),

qualitative_indicators as (
    select i.indicator_id, i.name as indicator, i.position, i.max_points
    from method_indicators as i
    where i.rule = 'qualitative'
),

latest as (
    -- The latest row of each cell, withdrawals included: its id is the version the sheet was read at.
    select q.*
    from qualitative_scores as q
    where q.period = $period and q.assessor = $assessor
    qualify row_number() over (
        partition by q.unit_id, q.indicator_id order by q.entered_at desc, q.score_id desc
    ) = 1
),

final as (
    select
        su.unit_id,
        su.unit,
        su.kind,
        qi.indicator_id,
        qi.indicator,
        qi.max_points,
        l.score,
        l.level,
        l.comment,
        l.score_id,
        l.entered_by,
        l.entered_at,
        qi.position
    from scored_units as su
    cross join qualitative_indicators as qi
    left join latest as l on l.unit_id = su.unit_id and l.indicator_id = qi.indicator_id
)

select * exclude (position) from final
order by kind, unit_id, position
