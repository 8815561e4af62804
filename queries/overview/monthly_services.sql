-- Convenience services per calendar month of a period, with the same month one year earlier.
-- grain: one row per month from the month of $start to the last month of the period that has services;
--        months in between without services are present with 0 (a gap is news, not missing data).
--        No rows when the period has no services at all.
-- parameters: $start (date, inclusive), $end (date, exclusive);
--   $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
with services_in_range as (
    select
        date_trunc('month', s.service_date) as month,
        s.people_served
    from services as s
    where s.service_date >= cast($start as date) - interval 1 year
      and s.service_date < $end
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, s.unit_id))
),

by_month as (
    select
        sr.month,
        count(*) as services,
        cast(sum(sr.people_served) as bigint) as people_served
    from services_in_range as sr
    group by sr.month
),

last_month as (
    select max(bm.month) as month
    from by_month as bm
    where bm.month >= $start
),

months as (
    select cast(m.month as date) as month
    from last_month as lm,
        unnest(generate_series(date_trunc('month', cast($start as date)), lm.month, interval 1 month)) as m(month)
    where lm.month is not null
),

final as (
    select
        mo.month,
        coalesce(cur.services, 0) as services,
        coalesce(cur.people_served, 0) as people_served,
        coalesce(prior.services, 0) as prior_services
    from months as mo
    left join by_month as cur on cur.month = mo.month
    left join by_month as prior on prior.month = mo.month - interval 1 year
)

select * from final
order by month
