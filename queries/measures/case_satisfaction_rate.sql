-- Measure case_satisfaction_rate (rate): cases received in [$start, $end) rated 满意 or 基本满意, over the cases
-- that carry a rating (unrated cases are left out of both sums).
-- grain: one row per unit with at least one rated case. columns: unit_id, category (null), value, numerator,
-- denominator. parameters: $start, $end (dates, half-open), $kind ('代办', '实事' or null = both).
with rated_cases as (
    select c.unit_id, c.satisfaction
    from cases as c
    where c.received_date >= $start and c.received_date < $end
      and ($kind is null or c.kind = $kind)
      and c.satisfaction is not null
),

sums as (
    select
        rc.unit_id,
        count(*) filter (where rc.satisfaction in ('满意', '基本满意'))::double as numerator,
        count(*)::double as denominator
    from rated_cases as rc
    group by rc.unit_id
),

final as (
    select s.unit_id, cast(null as varchar) as category, s.numerator / s.denominator as value, s.numerator, s.denominator
    from sums as s
)

select * from final
