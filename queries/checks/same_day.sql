-- Meetings all on one day of the month (会议日期过于整齐): a unit that held at least $min_meetings meetings of one
-- type in the period with a share of at least $min_share of them on the same day of the month (the 15th, month
-- after month), weekends included.
-- grain: one row per meeting of a flagged (unit, meeting type). subject: the meeting type. columns: row_id,
-- subject, figures (json: {}), facts (json: meetings, day (the day of the month), on_day (meetings on it)).
-- reads: check_rows (queries/checks/ledger_rows.sql). parameters: $min_meetings, $min_share.
with typed as (
    select r.*, day(r.row_date) as day_of_month
    from check_rows as r
    where r.ledger = 'meetings'
),

by_day as (
    select t.unit_id, t.type, t.day_of_month, count(*) as on_day
    from typed as t
    group by t.unit_id, t.type, t.day_of_month
),

flagged as (
    select
        b.unit_id,
        b.type,
        sum(b.on_day) as meetings,
        arg_max(b.day_of_month, b.on_day) as top_day,
        max(b.on_day) as on_day
    from by_day as b
    group by b.unit_id, b.type
    having sum(b.on_day) >= $min_meetings and max(b.on_day) >= $min_share * sum(b.on_day)
)

select
    t.row_id,
    t.type as subject,
    to_json({}) as figures,
    to_json({meetings: f.meetings, day: f.top_day, on_day: f.on_day}) as facts
from typed as t
inner join flagged as f on f.unit_id = t.unit_id and f.type = t.type
order by row_id
