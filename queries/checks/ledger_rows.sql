-- The ledger rows of a period as the credibility checks read them: services, meetings and cases in one shape, so
-- the ledgers are scanned once per period and every check (queries/checks/*.sql) reads the relation `check_rows`
-- that kaohe.checks registers from this query.
-- grain: one row per services, meetings or cases row dated in the period (cases by the day received).
-- columns: row_id (the row's number, by which the checks name it), ledger ('services', 'meetings', 'cases'),
-- unit_id, row_date, source_file, source_row, detail (as the lineage writes it), type (a service's category, a
-- meeting's type, a case's kind 代办/实事), text (title or topic), people (people served, or a meeting's attendees),
-- members (members involved, or a meeting's members expected), closed_date (a case's).
-- parameters: $start, $end (the period, half-open).
with ledger_rows as (
    select
        'services' as ledger, s.unit_id, s.service_date as row_date, s.source_file, s.source_row,
        concat_ws(' · ', s.category, s.title) as detail, s.category as type, s.title as text,
        s.people_served as people, s.members_involved as members, cast(null as date) as closed_date
    from services as s
    where s.service_date >= $start and s.service_date < $end
    union all
    select
        'meetings' as ledger, m.unit_id, m.meeting_date as row_date, m.source_file, m.source_row,
        concat_ws(' · ', m.meeting_type, m.topic) as detail, m.meeting_type as type, m.topic as text,
        m.attendees as people, m.members_total as members, cast(null as date) as closed_date
    from meetings as m
    where m.meeting_date >= $start and m.meeting_date < $end
    union all
    select
        'cases' as ledger, c.unit_id, c.received_date as row_date, c.source_file, c.source_row,
        concat_ws(' · ', c.kind, c.type, c.title) as detail, c.kind as type, c.title as text,
        cast(null as integer) as people, cast(null as integer) as members, c.closed_date
    from cases as c
    where c.received_date >= $start and c.received_date < $end
)

select row_number() over (order by r.ledger, r.source_file, r.source_row) as row_id, r.*
from ledger_rows as r
