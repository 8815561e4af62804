-- Lineage of measure meeting_missing_periods: the windows (months or quarters) one unit owed a meeting of
-- $meeting_type and did not hold one; no source row exists for a meeting that did not happen, so the window
-- itself is the item. grain: one row per missed window. columns: source_file (null), source_row (null),
-- row_date (window start), detail, category ('未召开'), numerator (1), denominator (1).
-- parameters: $start, $end (the cut-off, exclusive), $period_end (the whole period's end), $unit_id, $meeting_type,
-- $every_months. Windows lie over [$start, $period_end) and are owed once ended by $end.
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
    where u.unit_id = $unit_id
      and (u.active_from is null or u.active_from <= w.window_start)
      and (u.active_to is null or u.active_to >= w.window_end)
      and w.window_end <= $end
),

final as (
    select
        cast(null as varchar) as source_file,
        cast(null as integer) as source_row,
        o.window_start as row_date,
        -- the window; kaohe.scoring.lineage words it ("2025-01 – 2025-03 未召开支委会") in the page's language
        strftime(o.window_start, '%Y-%m') || ' – ' || strftime(o.window_end - 1, '%Y-%m') as detail,
        'missed' as category,
        1.0 as numerator,
        1.0 as denominator
    from owed as o
    where not exists (
        select 1
        from meetings as m
        where m.unit_id = o.unit_id
          and m.meeting_type = $meeting_type
          and m.meeting_date >= o.window_start
          and m.meeting_date < o.window_end
    )
)

select * from final order by row_date
