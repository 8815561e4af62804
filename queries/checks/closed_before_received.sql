-- Cases closed before they were received (办结早于受理): an errand or practical deed whose 办结日期 comes before its
-- 受理日期.
-- grain: one row per such case. subject: 'cases'. columns: row_id, subject, figures (json: received_date,
-- closed_date), facts (json: rows, the flag's count).
-- reads: check_rows (queries/checks/ledger_rows.sql, cases by the day received). parameters: none.
select
    r.row_id,
    r.ledger as subject,
    to_json({received_date: r.row_date, closed_date: r.closed_date}) as figures,
    to_json({rows: count(*) over (partition by r.unit_id)}) as facts
from check_rows as r
where r.ledger = 'cases' and r.closed_date < r.row_date
order by row_id
