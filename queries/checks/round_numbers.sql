-- Only round numbers (人数全是整十数): a unit whose services with at least $min_value people served number at least
-- $min_rows and of which a share of at least $min_share are multiples of $multiple (20, 30, 50 …), where real
-- head counts end in every digit.
-- grain: one row per counted service of a flagged unit. subject: 'services'. columns: row_id, subject, figures
-- (json: people_served), facts (json: counted (services counted), round (how many are multiples), multiple).
-- reads: check_rows (queries/checks/ledger_rows.sql). parameters: $min_value, $min_rows, $min_share, $multiple.
with counted as (
    select r.*
    from check_rows as r
    where r.ledger = 'services' and r.people >= $min_value
),

flagged as (
    select c.unit_id, count(*) as counted, count(*) filter (where c.people % $multiple = 0) as round_rows
    from counted as c
    group by c.unit_id
    having count(*) >= $min_rows and count(*) filter (where c.people % $multiple = 0) >= $min_share * count(*)
)

select
    c.row_id,
    c.ledger as subject,
    to_json({people_served: c.people}) as figures,
    to_json({counted: f.counted, round: f.round_rows, multiple: $multiple}) as facts
from counted as c
inner join flagged as f on f.unit_id = c.unit_id
order by row_id
