-- The calendar years for which any ledger holds rows, so the period picker offers only years worth opening.
-- grain: one row per year. parameters: none.
with ledger_dates as (
    select s.service_date as day from services as s
    union all
    select c.received_date as day from cases as c
    union all
    select m.meeting_date as day from meetings as m
    union all
    select d.dispute_date as day from disputes as d
),

final as (
    select distinct cast(year(ld.day) as integer) as year
    from ledger_dates as ld
)

select * from final
order by year
