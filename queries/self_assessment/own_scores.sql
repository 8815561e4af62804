-- One unit's self-assessment in force for a period. grain: one row per indicator scored.
-- columns: indicator_id, score, comment, entered_by, entered_at. parameters: $period, $unit_id.
select s.indicator_id, s.score, s.comment, s.entered_by, s.entered_at
from self_scores_current as s
where s.period = $period and s.unit_id = $unit_id
order by s.indicator_id
