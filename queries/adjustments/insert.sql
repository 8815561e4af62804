-- Append one bonus, deduction or veto item: typed on the entry screen (a new item, a correction that supersedes the
-- row it corrects, or a withdrawal: withdrawn = true) or read from an assessors' file (source_file, source_row).
-- grain: one new row, returned. parameters: $period, $unit_id, $type, $category, $level, $points, $reason,
-- $evidence, $supersedes, $withdrawn, $entered_at, $entered_by, $source_file, $source_row (null when typed).
insert into adjustments (
    period, unit_id, type, category, level, points, reason, evidence, supersedes, withdrawn, entered_at, entered_by,
    source_file, source_row
)
values (
    $period, $unit_id, $type, $category, $level, $points, $reason, $evidence, $supersedes, $withdrawn, $entered_at,
    $entered_by, $source_file, $source_row
)
returning adjustment_id
