-- Services per calendar month of a period and of the same months a year earlier, under the same filters.
-- grain: one row per month of the period (1-12) that has services in either year.
-- parameters: $start, $end (dates, end exclusive); $category, $community, $kind (varchar or null);
--   $no_community (varchar, the label for branches without a community).
-- $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
with services_in_range as (
    select
        s.service_date,
        s.service_date >= $start as is_current
    from services as s
    left join units as u on u.unit_id = s.unit_id
    where s.service_date >= cast($start as date) - interval 1 year
      and s.service_date < $end
      and (s.service_date >= $start or s.service_date < cast($end as date) - interval 1 year)
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, s.unit_id))
      and (cast($category as varchar) is null or s.category = $category)
      and (cast($community as varchar) is null or coalesce(u.community, $no_community) = $community)
      and (cast($kind as varchar) is null or u.kind = $kind)
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
