-- Rows dated when the unit did not exist (单位成立前或撤销后的记录): a service, meeting or case dated before the
-- unit's 成立日期 or on or after its 撤销日期.
-- grain: one row per such ledger row. subject: 'services', 'meetings' or 'cases'. columns: row_id, subject,
-- figures (json: active_from, active_to), facts (json: rows, the flag's count).
-- reads: check_rows (queries/checks/ledger_rows.sql), units. parameters: none.
select
    r.row_id,
    r.ledger as subject,
    to_json({active_from: u.active_from, active_to: u.active_to}) as figures,
    to_json({rows: count(*) over (partition by r.unit_id, r.ledger)}) as facts
from check_rows as r
inner join units as u on u.unit_id = r.unit_id
where r.row_date < u.active_from or r.row_date >= u.active_to
order by row_id
