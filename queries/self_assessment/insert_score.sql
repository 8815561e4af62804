-- A branch's own score on one weighed indicator (append-only; a null score withdraws it).
-- grain: inserts one row. parameters: $period, $unit_id, $indicator_id, $score, $comment, $entered_by, $entered_at.
insert into self_scores (period, unit_id, indicator_id, score, comment, entered_by, entered_at)
values ($period, $unit_id, $indicator_id, $score, $comment, $entered_by, $entered_at)
