-- Measure case_closure_rate (rate): cases received in [$start, $end) that are closed (已办结), over all cases
-- received then whose status is known (a file without a status column leaves it NULL).
-- grain: one row per unit with at least one such case. columns: unit_id, category (null), value, numerator,
-- denominator. parameters: $start, $end (dates, half-open), $kind ('代办', '实事' or null = both).
with cases_in_period as (
    select c.unit_id, c.status
    from cases as c
    where c.received_date >= $start and c.received_date < $end
      and ($kind is null or c.kind = $kind)
      and c.status is not null
),

sums as (
    select
        cp.unit_id,
        count(*) filter (where cp.status = '已办结')::double as numerator,
        count(*)::double as denominator
    from cases_in_period as cp
    group by cp.unit_id
),

final as (
    select s.unit_id, cast(null as varchar) as category, s.numerator / s.denominator as value, s.numerator, s.denominator
    from sums as s
)

select * from final
