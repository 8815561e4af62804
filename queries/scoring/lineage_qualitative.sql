-- Lineage of a qualitative indicator: each assessor's score in force for one unit, with the points a level maps
-- to (the scheme's levels come as the relation `method_indicator_levels`). grain: one row per assessor.
-- parameters: $period, $unit_id, $indicator_id.
select
    q.assessor,
    q.score,
    q.level,
    coalesce(q.score, lv.points) as points,
    q.comment,
    q.entered_at,
    q.entered_by,
    q.source_file,
    q.source_row
from qualitative_scores_current as q
left join method_indicator_levels as lv
    on lv.indicator_id = q.indicator_id and lv.level = q.level
where q.period = $period and q.unit_id = $unit_id and q.indicator_id = $indicator_id
  and coalesce(q.score, lv.points) is not null
order by q.assessor
