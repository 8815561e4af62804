-- Measure people_served (count): people served (服务群众人次) by services held in [$start, $end); services whose
-- file had no people-served column (NULL) add nothing.
-- grain: one row per unit with at least one service. columns: unit_id, category (null), value, numerator, denominator.
-- parameters: $start, $end (dates, half-open), $category (null = every category).
with services_in_period as (
    select s.unit_id, s.people_served
    from services as s
    where s.service_date >= $start and s.service_date < $end
      and ($category is null or s.category = $category)
      and s.people_served is not null
),

final as (
    select
        sp.unit_id,
        cast(null as varchar) as category,
        sum(sp.people_served)::double as value,
        sum(sp.people_served)::double as numerator,
        cast(null as double) as denominator
    from services_in_period as sp
    group by sp.unit_id
)

select * from final
