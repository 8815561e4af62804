-- Append one bonus, deduction or veto item typed on the entry screen: a new item, a correction (supersedes the
-- row it corrects) or a withdrawal (withdrawn = true).
-- grain: one new row, returned. parameters: $period, $unit_id, $type, $category, $level, $points, $reason,
-- $evidence, $supersedes, $withdrawn, $entered_at, $entered_by.
insert into adjustments (
    period, unit_id, type, category, level, points, reason, evidence, supersedes, withdrawn, entered_at, entered_by
)
values (
    $period, $unit_id, $type, $category, $level, $points, $reason, $evidence, $supersedes, $withdrawn, $entered_at,
    $entered_by
)
returning adjustment_id
