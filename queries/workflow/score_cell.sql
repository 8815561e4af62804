-- The latest row of one qualitative score cell (withdrawals included), read inside the saving transaction to
-- check that nobody saved the cell since the user read it (optimistic concurrency).
-- grain: at most one row. parameters: $period, $assessor, $unit_id, $indicator_id.
select q.score_id, q.score, q.level, q.comment, q.entered_by, q.entered_at
from qualitative_scores as q
where q.period = $period and q.assessor = $assessor and q.unit_id = $unit_id and q.indicator_id = $indicator_id
order by q.entered_at desc, q.score_id desc
limit 1
