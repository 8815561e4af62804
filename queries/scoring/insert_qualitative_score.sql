-- Append one qualitative score.
-- parameters: $period, $assessor, $unit_id, $indicator_id, $score, $level, $comment, $entered_at, $entered_by,
-- $source_file, $source_row.
insert into qualitative_scores (
    period, assessor, unit_id, indicator_id, score, level, comment, entered_at, entered_by, source_file, source_row
)
values (
    $period, $assessor, $unit_id, $indicator_id, $score, $level, $comment, $entered_at, $entered_by, $source_file,
    $source_row
)
