-- Append one bonus, deduction or veto item.
-- parameters: $period, $unit_id, $type, $category, $level, $points, $reason, $evidence, $entered_at, $entered_by,
-- $source_file, $source_row.
insert into adjustments (
    period, unit_id, type, category, level, points, reason, evidence, entered_at, entered_by, source_file, source_row
)
values (
    $period, $unit_id, $type, $category, $level, $points, $reason, $evidence, $entered_at, $entered_by, $source_file,
    $source_row
)
