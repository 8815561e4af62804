-- A unit's part in a shared task (append-only; the latest row per period, unit and indicator wins).
-- grain: inserts one row. parameters: $period, $unit_id, $indicator_id, $part, $entered_by, $entered_at.
insert into task_parts (period, unit_id, indicator_id, part, entered_by, entered_at)
values ($period, $unit_id, $indicator_id, $part, $entered_by, $entered_at)
