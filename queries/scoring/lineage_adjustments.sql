-- Lineage of a unit's bonus, deduction or veto: every entry for it in the period, superseded and withdrawn ones
-- included and marked, so a correction can be traced. grain: one row per adjustments row.
-- parameters: $period, $unit_id, $type ('bonus' | 'deduction' | 'veto').
select
    a.adjustment_id,
    a.category,
    a.level,
    a.points,
    a.reason,
    a.evidence,
    a.entered_at,
    a.entered_by,
    a.source_file,
    a.source_row,
    a.supersedes,
    a.withdrawn,
    a.adjustment_id in (select c.adjustment_id from adjustments_current as c) as in_force
from adjustments as a
where a.period = $period and a.unit_id = $unit_id and a.type = $type
order by a.entered_at, a.adjustment_id
