-- The categories, communities, unit kinds and units that occur among a period's services, for the filter pickers.
-- grain: one row per (dimension, value), most services first; label is what the picker shows (a unit's name, else
--   the value itself).
-- parameters: $start, $end (dates, end exclusive); $no_community (varchar, label for branches without one).
-- $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
-- The rows are the trends_services macro's (queries/schema/050_trends_services.sql), unfiltered.
with services_in_period as (
    select *
    from trends_services($start, $end, $unit_scope, null, null, null, null, null, null, $no_community)
),

by_value as (
    select 'category' as dimension, sip.category as value, sip.category as label, count(*) as services
    from services_in_period as sip group by all
    union all
    select 'community' as dimension, sip.community as value, sip.community as label, count(*) as services
    from services_in_period as sip group by all
    union all
    select 'kind' as dimension, sip.kind as value, sip.kind as label, count(*) as services
    from services_in_period as sip group by all
    union all
    select 'unit' as dimension, sip.unit_id as value, sip.unit_name as label, count(*) as services
    from services_in_period as sip group by all
),

final as (
    select bv.dimension, bv.value, bv.label, bv.services
    from by_value as bv
)

select * from final
order by dimension, services desc, value
