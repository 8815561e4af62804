-- The honour decisions in force for a period (award_decisions_current), each with the publication it was
-- confirmed against. grain: one row per unit confirmed. parameters: $period (varchar).
select
    d.unit_id,
    d.publication_id,
    d.status,
    d.reason,
    d.decided_by,
    d.decided_at
from award_decisions_current as d
where d.period = $period
order by d.unit_id
