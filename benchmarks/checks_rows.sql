-- benchmarks/checks.py: how many ledger rows the checks read for a period.
-- grain: one row. parameters: $start, $end.
select
    (select count(*) from services as s where s.service_date >= $start and s.service_date < $end)
    + (select count(*) from meetings as m where m.meeting_date >= $start and m.meeting_date < $end)
    + (select count(*) from cases as c where c.received_date >= $start and c.received_date < $end) as ledger_rows
