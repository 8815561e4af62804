-- Measure case_count (count): cases received in [$start, $end): errands run for residents (代办) or practical
-- deeds (实事). grain: one row per unit with at least one case. columns: unit_id, category (null), value,
-- numerator, denominator. parameters: $start, $end (dates, half-open), $kind ('代办', '实事' or null = both).
with cases_in_period as (
    select c.unit_id
    from cases as c
    where c.received_date >= $start and c.received_date < $end
      and ($kind is null or c.kind = $kind)
),

final as (
    select
        cp.unit_id,
        cast(null as varchar) as category,
        count(*)::double as value,
        count(*)::double as numerator,
        cast(null as double) as denominator
    from cases_in_period as cp
    group by cp.unit_id
)

select * from final
