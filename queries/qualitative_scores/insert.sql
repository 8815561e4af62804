-- Append one qualitative score: typed on the entry screen (score and level both null: a withdrawal) or read from an
-- assessors' file (source_file, source_row).
-- grain: one new row, returned. parameters: $period, $assessor, $unit_id, $indicator_id, $score, $level, $comment,
-- $entered_at, $entered_by, $source_file, $source_row (null when typed).
insert into qualitative_scores (
    period, assessor, unit_id, indicator_id, score, level, comment, entered_at, entered_by, source_file, source_row
)
values (
    $period, $assessor, $unit_id, $indicator_id, $score, $level, $comment, $entered_at, $entered_by, $source_file,
    $source_row
)
returning score_id, entered_at
