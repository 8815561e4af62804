-- One rectification item as it now stands, with everything a change copies forward.
-- grain: zero or one row. parameters: $item_id (integer).
select
    r.item_id,
    r.period,
    r.unit_id,
    r.basis,
    r.indicator_id,
    r.indicator,
    r.points_lost,
    r.requirement,
    r.responsible,
    r.deadline,
    r.status,
    r.evidence
from rectification_items_current as r
where r.item_id = $item_id
