-- The meetings ledger as the explorer sees it, with the branch's name, kind and community; attendance is
-- counted only where both attendees and members expected are recorded, so 出席率 is a ratio of like with like.
-- grain: one row per meeting.
-- parameters: $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are kept; null = every unit.
--   The explorer wraps this query with filters whose values it binds as well.
with final as (
    select
        m.meeting_date,
        m.unit_id,
        u.name as unit_name,
        u.kind as unit_kind,
        u.community as unit_community,
        m.meeting_type,
        m.attendees,
        m.members_total,
        m.topic,
        m.source_file,
        m.source_row,
        1 as one,
        case when m.members_total is not null then m.attendees end as attendees_counted,
        case when m.attendees is not null then m.members_total end as members_counted
    from meetings as m
    left join units as u on u.unit_id = m.unit_id
    where cast($unit_scope as varchar[]) is null or list_contains($unit_scope, m.unit_id)
)

select * from final
