-- One entry of a rectification item: a drafted item, or a change to it (append-only).
-- grain: one rectification_items row. parameters: $item_id, $period, $unit_id, $basis, $indicator_id, $indicator,
-- $points_lost, $requirement, $responsible, $deadline, $status, $evidence, $withdrawn, $entered_by, $entered_at.
insert into rectification_items (
    item_id, period, unit_id, basis, indicator_id, indicator, points_lost, requirement, responsible, deadline,
    status, evidence, withdrawn, entered_by, entered_at
)
values (
    $item_id, $period, $unit_id, $basis, $indicator_id, $indicator, $points_lost, $requirement, $responsible,
    $deadline, $status, $evidence, $withdrawn, $entered_by, $entered_at
)
