-- The latest date any ledger records inside a period: how far the period's data reach, for pacing targets.
-- grain: exactly one row (as_of is null when no ledger has a row in the period).
-- parameters: $start (date, inclusive), $end (date, exclusive).
with ledger_dates as (
    select max(s.service_date) as day from services as s where s.service_date >= $start and s.service_date < $end
    union all
    select max(m.meeting_date) as day from meetings as m where m.meeting_date >= $start and m.meeting_date < $end
    union all
    select max(c.received_date) as day from cases as c where c.received_date >= $start and c.received_date < $end
    union all
    select max(d.dispute_date) as day from disputes as d where d.dispute_date >= $start and d.dispute_date < $end
),

final as (
    select cast(max(ld.day) as date) as as_of
    from ledger_dates as ld
)

select * from final
