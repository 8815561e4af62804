-- Services per month or week of a period, broken down by category, community or unit kind.
-- grain: one row per bucket (first day of the month, or the Monday of the week) and breakdown value.
-- parameters: $start, $end (dates, the period, end exclusive); filters, each null for "all": $day_from,
--   $day_to (dates, end exclusive), $category, $community, $kind (varchar); $no_community (varchar, the label
--   for branches without a community, such as office sections and firms).
--   $grain ('month' or 'week'); $breakdown ('category', 'community' or 'kind').
-- $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
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
),

final as (
    select
        cast(date_trunc($grain, sis.service_date) as date) as bucket,
        case $breakdown
            when 'category' then sis.category
            when 'community' then sis.community
            else sis.kind
        end as breakdown,
        count(*) as services,
        cast(sum(sis.people_served) as bigint) as people_served
    from services_in_scope as sis
    group by all
)

select * from final
order by bucket, services desc, breakdown
