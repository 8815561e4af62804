-- Append one qualitative score typed on the entry screen (score and level both null: a withdrawal).
-- grain: one new row, returned. parameters: $period, $assessor, $unit_id, $indicator_id, $score, $level, $comment,
-- $entered_at, $entered_by.
insert into qualitative_scores (period, assessor, unit_id, indicator_id, score, level, comment, entered_at, entered_by)
values ($period, $assessor, $unit_id, $indicator_id, $score, $level, $comment, $entered_at, $entered_by)
returning score_id, entered_at
