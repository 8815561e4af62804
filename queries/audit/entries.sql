-- Audit log entries, newest first, filtered by who, action, a date range and text in the target.
-- grain: one row per audit_log row.
-- parameters: $who (null = anyone), $action (null = any; 'score' also matches 'score.enter' …: prefix before a dot),
--   $since (date, inclusive, null = no lower bound), $until (date, inclusive, null = no upper bound),
--   $target_text (null = any; case-insensitive substring of target), $limit (most rows returned).
with entries as (
    select
        a.audit_id,
        a.logged_at,
        a.who,
        a.action,
        a.target,
        cast(a.before as varchar) as before,
        cast(a.after as varchar) as after
    from audit_log as a
),

final as (
    select e.*
    from entries as e
    where ($who is null or e.who = $who)
      and ($action is null or e.action = $action or e.action like $action || '.%')
      and ($since is null or e.logged_at >= cast($since as date))
      and ($until is null or e.logged_at < cast($until as date) + interval 1 day)
      and ($target_text is null or contains(lower(e.target), lower($target_text)))
)

select * from final
order by logged_at desc, audit_id desc
limit $limit
