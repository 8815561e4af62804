-- Copies across units (复制粘贴): the same row in the ledgers of two or more units — a service on the same day with
-- the same title, people served and members involved, or a meeting on the same day with the same topic, attendees
-- and members expected — when the text is not one the office gives every unit (a text used by $common_units units
-- or more in the period, such as a monthly topic, is common and never counts as a copy).
-- grain: one row per ledger row of a unit that shares it with another unit. subject: 'services' or 'meetings'.
-- columns: row_id, subject, figures (json: others, the other units' names), facts (json: rows, others (every
-- other unit named, joined by '、')).
-- reads: check_rows (queries/checks/ledger_rows.sql), units. parameters: $min_units, $common_units.
with ledger_rows as (
    select r.ledger as subject, r.*
    from check_rows as r
    where r.ledger in ('services', 'meetings') and r.text is not null
),

text_use as (
    select r.subject, r.text, count(distinct r.unit_id) as units_using
    from ledger_rows as r
    group by r.subject, r.text
),

shared as (
    select r.subject, r.row_date, r.text, r.people, r.members, list(distinct r.unit_id) as unit_ids
    from ledger_rows as r
    inner join text_use as t on t.subject = r.subject and t.text = r.text
    where t.units_using < $common_units
    group by r.subject, r.row_date, r.text, r.people, r.members
    having count(distinct r.unit_id) >= $min_units
),

copies as (
    select
        r.row_id,
        r.unit_id,
        r.subject,
        list_filter(sh.unit_ids, lambda other: other <> r.unit_id) as other_ids
    from ledger_rows as r
    inner join shared as sh
        on sh.subject = r.subject
        and sh.row_date = r.row_date
        and sh.text = r.text
        and sh.people is not distinct from r.people
        and sh.members is not distinct from r.members
),

pairs as (
    select c.row_id, c.unit_id, c.subject, o.name as other
    from copies as c
    cross join unnest(c.other_ids) as t(other_id)
    inner join units as o on o.unit_id = t.other_id
),

row_others as (
    select p.row_id, p.unit_id, p.subject, list(p.other order by p.other) as others
    from pairs as p
    group by p.row_id, p.unit_id, p.subject
),

flag_others as (
    select
        p.unit_id,
        p.subject,
        count(distinct p.row_id) as flagged_rows,
        list(distinct p.other order by p.other) as others
    from pairs as p
    group by p.unit_id, p.subject
),

final as (
    select
        ro.row_id,
        ro.subject,
        to_json({others: ro.others}) as figures,
        to_json({rows: f.flagged_rows, others: f.others}) as facts
    from row_others as ro
    inner join flag_others as f on f.unit_id = ro.unit_id and f.subject = ro.subject
)

select * from final
order by row_id
