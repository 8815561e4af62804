-- Services and people served in a period and in the same span a year earlier, under the same filters.
-- grain: exactly two rows, which = 'current' and 'prior' (zeros when nothing matched).
-- parameters: as below, describing the current period; the prior rows shift $start, $end, $day_from and
--   $day_to back one year.
-- parameters: $start, $end (dates, the period, end exclusive); filters, each null for "all": $day_from,
--   $day_to (dates, end exclusive), $category, $community, $kind (varchar); $no_community (varchar, the label
--   for branches without a community, such as office sections and firms).
-- $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
with current_period as (
    select 'current' as which, *
    from (
        with services_in_scope as (
    select
        s.service_date,
        s.category,
        s.people_served,
        coalesce(u.community, $no_community) as community,
        coalesce(u.kind, $no_community) as kind
    from services as s
    left join units as u on u.unit_id = s.unit_id
    where s.service_date >= $start and s.service_date < $end
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, s.unit_id))
      and (cast($day_from as date) is null or s.service_date >= cast($day_from as date))
      and (cast($day_to as date) is null or s.service_date < cast($day_to as date))
      and (cast($category as varchar) is null or s.category = $category)
      and (cast($community as varchar) is null or coalesce(u.community, $no_community) = $community)
      and (cast($kind as varchar) is null or u.kind = $kind)
)
        select count(*) as services, cast(coalesce(sum(sis.people_served), 0) as bigint) as people_served
        from services_in_scope as sis
    )
),

prior_period as (
    select 'prior' as which, count(*) as services, cast(coalesce(sum(s.people_served), 0) as bigint) as people_served
    from services as s
    left join units as u on u.unit_id = s.unit_id
    where s.service_date >= cast($start as date) - interval 1 year
      and s.service_date < cast($end as date) - interval 1 year
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, s.unit_id))
      and (cast($day_from as date) is null or s.service_date >= cast($day_from as date) - interval 1 year)
      and (cast($day_to as date) is null or s.service_date < cast($day_to as date) - interval 1 year)
      and (cast($category as varchar) is null or s.category = $category)
      and (cast($community as varchar) is null or coalesce(u.community, $no_community) = $community)
      and (cast($kind as varchar) is null or u.kind = $kind)
),

final as (
    select * from current_period
    union all
    select * from prior_period
)

select * from final
