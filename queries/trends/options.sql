-- The categories, communities and unit kinds that occur among a period's services, for the filter pickers.
-- grain: one row per (dimension, value), most services first.
-- parameters: $start, $end (dates, end exclusive); $no_community (varchar, label for branches without one).
-- $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
with services_in_period as (
    select
        s.category,
        coalesce(u.community, $no_community) as community,
        coalesce(u.kind, $no_community) as kind
    from services as s
    left join units as u on u.unit_id = s.unit_id
    where s.service_date >= $start and s.service_date < $end
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, s.unit_id))
),

by_value as (
    select 'category' as dimension, sip.category as value, count(*) as services
    from services_in_period as sip group by all
    union all
    select 'community' as dimension, sip.community as value, count(*) as services
    from services_in_period as sip group by all
    union all
    select 'kind' as dimension, sip.kind as value, count(*) as services
    from services_in_period as sip group by all
),

final as (
    select bv.dimension, bv.value, bv.services
    from by_value as bv
)

select * from final
order by dimension, services desc, value
