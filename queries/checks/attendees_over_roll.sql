-- Attendees above the roll (实到人数超过应到或在册党员): a meeting whose attendees exceed the members it expected,
-- or, for a party meeting (the types in $party_types), the unit's members on the roll.
-- grain: one row per such meeting. subject: 'meetings'. columns: row_id, subject, figures (json: attendees,
-- members_total, members), facts (json: rows, the flag's count).
-- reads: check_rows (queries/checks/ledger_rows.sql), units. parameters: $party_types (varchar[]).
select
    r.row_id,
    r.ledger as subject,
    to_json({attendees: r.people, members_total: r.members, members: u.members}) as figures,
    to_json({rows: count(*) over (partition by r.unit_id)}) as facts
from check_rows as r
inner join units as u on u.unit_id = r.unit_id
where r.ledger = 'meetings'
  and (r.people > r.members or (list_contains($party_types, r.type) and r.people > u.members))
order by row_id
