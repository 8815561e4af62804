-- Members involved above the roll (参与党员超过在册党员): a service that names more of the unit's members taking part
-- than the unit has on its roll.
-- grain: one row per such service. subject: 'services'. columns: row_id, subject, figures (json: members_involved,
-- members), facts (json: rows, the flag's count).
-- reads: check_rows (queries/checks/ledger_rows.sql), units. parameters: none.
select
    r.row_id,
    r.ledger as subject,
    to_json({members_involved: r.members, members: u.members}) as figures,
    to_json({rows: count(*) over (partition by r.unit_id)}) as facts
from check_rows as r
inner join units as u on u.unit_id = r.unit_id
where r.ledger = 'services' and r.members > u.members
order by row_id
