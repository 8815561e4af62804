-- How many assessors' scores are in force per unit and qualitative indicator of a period.
-- grain: one row per (unit_id, indicator_id) with at least one score. parameters: $period.
select q.unit_id, q.indicator_id, count(*) as assessors
from qualitative_scores_current as q
where q.period = $period
group by q.unit_id, q.indicator_id
