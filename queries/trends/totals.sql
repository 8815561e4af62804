-- Services and people served in a period and in the same span a year earlier, under the same filters.
-- grain: exactly two rows, which = 'current' and 'prior' (zeros when nothing matched).
-- parameters: $start, $end (dates, the period, end exclusive); filters, each null for "all": $day_from,
--   $day_to (dates, end exclusive), $category, $community, $kind, $unit (varchar); $no_community (varchar, the
--   label for branches without a community, such as office sections and firms). The prior rows shift $start,
--   $end, $day_from and $day_to back one year.
-- $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
-- The rows and their filters are the trends_services macro's (queries/schema/050_trends_services.sql).
with current_rows as (
    select *
    from trends_services(
        $start, $end, $unit_scope, $day_from, $day_to, $category, $community, $kind, $unit, $no_community
    )
),

prior_rows as (
    select *
    from trends_services(
        cast($start as date) - interval 1 year,
        cast($end as date) - interval 1 year,
        $unit_scope,
        cast($day_from as date) - interval 1 year,
        cast($day_to as date) - interval 1 year,
        $category, $community, $kind, $unit, $no_community
    )
),

final as (
    select 'current' as which, count(*) as services, cast(coalesce(sum(cr.people_served), 0) as bigint) as people_served
    from current_rows as cr
    union all
    select 'prior' as which, count(*) as services, cast(coalesce(sum(pr.people_served), 0) as bigint) as people_served
    from prior_rows as pr
)

select * from final
