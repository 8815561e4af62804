-- The values the audit log can be filtered by: every user and every action that occurs, with counts, and the day
-- of the first entry (where the date filter starts).
-- grain: one row per (facet, value); facet is 'who', 'action' or 'first_day' (one row, value an ISO date).
-- parameters: none.
with by_who as (
    select 'who' as facet, a.who as value, count(*) as entries
    from audit_log as a
    group by a.who
),

by_action as (
    select 'action' as facet, a.action as value, count(*) as entries
    from audit_log as a
    group by a.action
),

first_day as (
    select 'first_day' as facet, cast(cast(min(a.logged_at) as date) as varchar) as value, count(*) as entries
    from audit_log as a
    having count(*) > 0
),

final as (
    select * from by_who
    union all
    select * from by_action
    union all
    select * from first_day
)

select * from final
order by facet, value
