-- benchmarks/checks.py: one more copy of every unit and of its services, meetings and cases in [$start, $end), the
-- copy's ids suffixed with -$copy and its dates moved $copy days later (so no copy duplicates another).
-- grain: four inserts, run one by one. parameters: $copy (1, 2, …), $start, $end.
insert into units
select * replace (u.unit_id || '-' || $copy as unit_id, u.name || '（副本' || $copy || '）' as name)
from units as u
where u.unit_id not like '%-%';

insert into services
select * replace (s.unit_id || '-' || $copy as unit_id, s.service_date + $copy as service_date)
from services as s
where s.service_date >= $start and s.service_date < $end and s.unit_id not like '%-%';

insert into meetings
select * replace (m.unit_id || '-' || $copy as unit_id, m.meeting_date + $copy as meeting_date)
from meetings as m
where m.meeting_date >= $start and m.meeting_date < $end and m.unit_id not like '%-%';

insert into cases
select * replace (
    c.unit_id || '-' || $copy as unit_id,
    c.received_date + $copy as received_date,
    c.closed_date + $copy as closed_date
)
from cases as c
where c.received_date >= $start and c.received_date < $end and c.unit_id not like '%-%';
