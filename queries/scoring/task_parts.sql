-- Each unit's part in a shared task (牵头, 配合 …) in force for a period. grain: one row per (unit_id,
-- indicator_id). columns: unit_id, indicator_id, part. parameters: $period.
select t.unit_id, t.indicator_id, t.part
from task_parts_current as t
where t.period = $period
