-- One unit's activity per calendar month of a period: services, people served, meetings, errands, deeds, disputes.
-- grain: one row per month from the month of $start to the month before $end (months without activity are 0).
-- parameters: $start (date, inclusive), $end (date, exclusive), $unit_id, $unit_scope (null = every unit; a
--   scoped viewer's units: asking for another unit returns no rows).
with months as (
    select cast(m.month as date) as month
    from unnest(generate_series(
        date_trunc('month', cast($start as date)),
        cast($end as date) - interval 1 day,
        interval 1 month
    )) as m(month)
    where cast($unit_scope as varchar[]) is null or list_contains($unit_scope, $unit_id)
),

unit_services as (
    select date_trunc('month', s.service_date) as month, count(*) as services, sum(s.people_served) as people_served
    from services as s
    where s.unit_id = $unit_id and s.service_date >= $start and s.service_date < $end
    group by 1
),

unit_meetings as (
    select date_trunc('month', m.meeting_date) as month, count(*) as meetings
    from meetings as m
    where m.unit_id = $unit_id and m.meeting_date >= $start and m.meeting_date < $end
    group by 1
),

unit_cases as (
    select
        date_trunc('month', c.received_date) as month,
        count(*) filter (where c.kind = '代办') as errands,  -- cjk: ledger values
        count(*) filter (where c.kind = '实事') as deeds  -- cjk: ledger values
    from cases as c
    where c.unit_id = $unit_id and c.received_date >= $start and c.received_date < $end
    group by 1
),

unit_disputes as (
    select date_trunc('month', d.dispute_date) as month, count(*) as disputes
    from disputes as d
    where d.unit_id = $unit_id and d.dispute_date >= $start and d.dispute_date < $end
    group by 1
),

final as (
    select
        mo.month,
        coalesce(us.services, 0) as services,
        cast(coalesce(us.people_served, 0) as bigint) as people_served,
        coalesce(um.meetings, 0) as meetings,
        coalesce(uc.errands, 0) as errands,
        coalesce(uc.deeds, 0) as deeds,
        coalesce(ud.disputes, 0) as disputes
    from months as mo
    left join unit_services as us on us.month = mo.month
    left join unit_meetings as um on um.month = mo.month
    left join unit_cases as uc on uc.month = mo.month
    left join unit_disputes as ud on ud.month = mo.month
)

select * from final
order by month
