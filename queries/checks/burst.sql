-- End-of-period bursts (期末突击): a unit that put a large share of a period's services, practical deeds or meetings
-- into the last days before the period's end, far above its own pace over the rest of the period and far above
-- the share the other units put into the same days.
-- grain: one row per ledger row of a flagged (unit, subject) dated in the window; subject is 'services', 'deeds'
-- (cases of kind 实事) or 'meetings'. Every check query returns the same columns: row_id (check_rows.row_id),
-- subject, figures (json: the row's own values; here {}), facts (json, the same on every row of a flag; here
-- window_days, window_rows, total_rows, share, expected_rows (the unit's own pace over the window), own_ratio,
-- peer_share).
-- reads: check_rows (queries/checks/ledger_rows.sql, the period's rows), units.
-- parameters: $start, $end (the period, half-open), $window_days, $min_rows, $min_share, $own_ratio, $peer_ratio.
with ledger_rows as (
    select
        r.row_id, case when r.ledger = 'cases' then 'deeds' else r.ledger end as subject, r.unit_id, r.row_date
    from check_rows as r
    where r.ledger <> 'cases' or r.type = '实事'  -- cjk: a ledger value
),

window_bounds as (
    select cast($end as date) - cast($window_days as integer) as window_start
),

per_unit as (
    select
        r.subject,
        r.unit_id,
        count(*) as total_rows,
        count(*) filter (where r.row_date >= w.window_start) as window_rows
    from ledger_rows as r
    cross join window_bounds as w
    group by r.subject, r.unit_id
),

with_peers as (
    select
        p.*,
        sum(p.window_rows) over (partition by p.subject) - p.window_rows as peer_window_rows,
        sum(p.total_rows) over (partition by p.subject) - p.total_rows as peer_total_rows
    from per_unit as p
),

paced as (
    select
        wp.*,
        -- Days of the period the unit existed before the window: its own pace is measured over these.
        date_diff(
            'day',
            greatest(cast($start as date), coalesce(u.active_from, cast($start as date))),
            least(w.window_start, coalesce(u.active_to, w.window_start))
        ) as days_before
    from with_peers as wp
    inner join units as u on u.unit_id = wp.unit_id
    cross join window_bounds as w
),

measured as (
    select
        pc.*,
        pc.window_rows / pc.total_rows as share,
        (pc.total_rows - pc.window_rows) * $window_days / pc.days_before as expected_rows,
        case when pc.peer_total_rows > 0 then pc.peer_window_rows / pc.peer_total_rows end as peer_share
    from paced as pc
    where pc.days_before >= $window_days
),

flagged as (
    select
        m.*,
        case when m.expected_rows > 0 then m.window_rows / m.expected_rows end as own_ratio
    from measured as m
    where m.window_rows >= $min_rows
      and m.share >= $min_share
      and (m.expected_rows = 0 or m.window_rows >= $own_ratio * m.expected_rows)
      and m.share >= $peer_ratio * coalesce(m.peer_share, 0)
),

final as (
    select
        r.row_id,
        r.subject,
        to_json({}) as figures,
        to_json({
            window_days: $window_days,
            window_rows: f.window_rows,
            total_rows: f.total_rows,
            share: f.share,
            expected_rows: f.expected_rows,
            own_ratio: f.own_ratio,
            peer_share: f.peer_share
        }) as facts
    from ledger_rows as r
    inner join flagged as f on f.unit_id = r.unit_id and f.subject = r.subject
    cross join window_bounds as w
    where r.row_date >= w.window_start
)

select * from final
order by row_id
