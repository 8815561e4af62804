-- Services per calendar month of a period and of the same months a year earlier, under the same filters.
-- grain: one row per month of the period (1-12) that has services in either year.
-- parameters: $start, $end (dates, end exclusive); $category, $community, $kind, $unit (varchar or null);
--   $no_community (varchar, the label for branches without a community).
-- $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
-- The rows and their filters are the trends_services macro's (queries/schema/050_trends_services.sql).
with services_in_range as (
    select ts.service_date, true as is_current
    from trends_services(
        $start, $end, $unit_scope, null, null, $category, $community, $kind, $unit, $no_community
    ) as ts
    union all
    select ts.service_date, false as is_current
    from trends_services(
        cast($start as date) - interval 1 year,
        cast($end as date) - interval 1 year,
        $unit_scope, null, null, $category, $community, $kind, $unit, $no_community
    ) as ts
),

final as (
    select
        cast(month(sir.service_date) as integer) as month,
        count(*) filter (where sir.is_current) as services,
        count(*) filter (where not sir.is_current) as prior_services
    from services_in_range as sir
    group by all
)

select * from final
order by month
