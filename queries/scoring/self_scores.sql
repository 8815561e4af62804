-- Branches' own scores (自评) in force for a period. grain: one row per (unit_id, indicator_id).
-- columns: unit_id, indicator_id, score. parameters: $period.
select s.unit_id, s.indicator_id, s.score
from self_scores_current as s
where s.period = $period
