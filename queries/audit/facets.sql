-- The values the audit log can be filtered by: every user and every action that occurs, with counts.
-- grain: one row per (facet, value); facet is 'who' or 'action'. parameters: none.
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

final as (
    select * from by_who
    union all
    select * from by_action
)

select * from final
order by facet, value
