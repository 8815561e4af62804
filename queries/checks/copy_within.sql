-- Copies within a unit (复制粘贴): the same text with the same figures on many dates in one unit's ledger — a
-- service with the same title, people served and members involved, or a meeting with the same topic, attendees
-- and members expected, recorded again and again.
-- grain: one row per ledger row in such a group. subject: 'services' or 'meetings'. columns: row_id, subject,
-- figures (json: dates, how many dates its group repeats on), facts (json: groups, rows, largest (the most dates
-- one text repeats on)).
-- reads: check_rows (queries/checks/ledger_rows.sql). parameters: $min_dates.
with grouped as (
    select
        r.ledger as subject,
        r.*,
        count(distinct r.row_date) over (partition by r.ledger, r.unit_id, r.text, r.people, r.members) as dates,
        dense_rank() over (partition by r.ledger, r.unit_id order by r.text, r.people, r.members) as group_key
    from check_rows as r
    where r.ledger in ('services', 'meetings') and r.text is not null
),

copies as (
    select g.*
    from grouped as g
    where g.dates >= $min_dates
),

flags as (
    select
        c.unit_id,
        c.subject,
        count(distinct c.group_key) as groups,
        count(*) as flagged_rows,
        max(c.dates) as largest
    from copies as c
    group by c.unit_id, c.subject
),

final as (
    select
        c.row_id,
        c.subject,
        to_json({dates: c.dates}) as figures,
        to_json({groups: f.groups, rows: f.flagged_rows, largest: f.largest}) as facts
    from copies as c
    inner join flags as f on f.unit_id = c.unit_id and f.subject = c.subject
)

select * from final
order by row_id
