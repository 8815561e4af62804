-- Open or move a period's self-assessment: a new deadline row (the latest wins).
-- grain: inserts one row. parameters: $period, $deadline, $set_by, $set_at.
insert into self_assessment_deadlines (period, deadline, set_by, set_at)
values ($period, $deadline, $set_by, $set_at)
