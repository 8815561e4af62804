-- Measure service_count (count): convenience services (便民服务) held in [$start, $end).
-- grain: one row per unit with at least one service. columns: unit_id, category (null), value, numerator, denominator.
-- parameters: $start, $end (dates, half-open), $category (null = every category).
with services_in_period as (
    select s.unit_id
    from services as s
    where s.service_date >= $start and s.service_date < $end
      and ($category is null or s.category = $category)
),

final as (
    select
        sp.unit_id,
        cast(null as varchar) as category,
        count(*)::double as value,
        count(*)::double as numerator,
        cast(null as double) as denominator
    from services_in_period as sp
    group by sp.unit_id
)

select * from final
