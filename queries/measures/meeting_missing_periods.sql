-- Measure meeting_missing_periods (items): windows of $every_months months (aligned to $start) in which the unit
-- held no meeting of $meeting_type. A window is owed only when the unit was active for all of it
-- (active_from <= window start, active_to null or >= window end), so a unit founded mid-year owes nothing before,
-- and only once it has ended by the cut-off $end: windows are laid over the whole period [$start, $period_end),
-- so a year scored as of 31 October owes ten monthly windows, not a stub of November.
-- grain: one row per unit. columns: unit_id, category (null), value (= numerator = windows missed),
-- numerator, denominator (= windows owed). parameters: $start, $end (dates, half-open: the period up to its
-- cut-off), $period_end (the whole period's end), $meeting_type, $every_months (1 = monthly, 3 = quarterly …).
with windows as (
    select
        cast(g.generate_series as date) as window_start,
        cast(least(g.generate_series + to_months(cast($every_months as integer)), cast($period_end as date)) as date)
            as window_end
    from generate_series(
        cast($start as timestamp),
        cast($period_end as timestamp) - interval 1 day,
        to_months(cast($every_months as integer))
    ) as g
),

owed as (
    select u.unit_id, w.window_start, w.window_end
    from units as u
    cross join windows as w
    where (u.active_from is null or u.active_from <= w.window_start)
      and (u.active_to is null or u.active_to >= w.window_end)
      and w.window_end <= $end
),

held as (
    select distinct o.unit_id, o.window_start
    from owed as o
    inner join meetings as m
        on m.unit_id = o.unit_id
        and m.meeting_type = $meeting_type
        and m.meeting_date >= o.window_start
        and m.meeting_date < o.window_end
),

final as (
    select
        u.unit_id,
        cast(null as varchar) as category,
        count(o.window_start)::double - count(h.window_start)::double as value,
        count(o.window_start)::double - count(h.window_start)::double as numerator,
        count(o.window_start)::double as denominator
    from units as u
    left join owed as o on o.unit_id = u.unit_id
    left join held as h on h.unit_id = o.unit_id and h.window_start = o.window_start
    group by u.unit_id
)

select * from final
