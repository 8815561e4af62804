-- Measure dispute_resolution_rate (rate): disputes registered in [$start, $end) that are resolved (化解), over all
-- disputes registered then whose outcome is known (a file without the column leaves it NULL).
-- grain: one row per unit with at least one such dispute. columns: unit_id, category (null), value, numerator,
-- denominator. parameters: $start, $end (dates, half-open).
with disputes_in_period as (
    select d.unit_id, d.resolved
    from disputes as d
    where d.dispute_date >= $start and d.dispute_date < $end
      and d.resolved is not null
),

sums as (
    select
        dp.unit_id,
        count(*) filter (where dp.resolved)::double as numerator,
        count(*)::double as denominator
    from disputes_in_period as dp
    group by dp.unit_id
),

final as (
    select s.unit_id, cast(null as varchar) as category, s.numerator / s.denominator as value, s.numerator, s.denominator
    from sums as s
)

select * from final
