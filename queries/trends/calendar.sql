-- Services per day of a period, for the calendar heatmap (days × weeks).
-- grain: one row per day with at least one service.
-- parameters: $start, $end (dates, the period, end exclusive); filters, each null for "all": $day_from,
--   $day_to (dates, end exclusive), $category, $community, $kind, $unit (varchar); $no_community (varchar, the
--   label for branches without a community, such as office sections and firms).
-- $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
-- The rows and their filters are the trends_services macro's (queries/schema/050_trends_services.sql).
with services_in_scope as (
    select *
    from trends_services(
        $start, $end, $unit_scope, $day_from, $day_to, $category, $community, $kind, $unit, $no_community
    )
),

final as (
    select
        sis.service_date as day,
        count(*) as services,
        cast(sum(sis.people_served) as bigint) as people_served
    from services_in_scope as sis
    group by all
)

select * from final
order by day
