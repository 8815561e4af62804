-- The accounts for the user admin page and `kaohe users list`, without password hashes.
-- grain: one row per account, ordered by name. parameters: $now (to say whether sign-in is
-- held off for the name: login_throttle).
select
    u.user_name,
    u.display_name,
    u.role,
    u.unit_id,
    u.leader,
    u.disabled,
    coalesce(t.blocked_until > $now, false) as locked,
    coalesce(t.failures, 0) as failed_attempts,
    u.created_at,
    u.changed_at,
    (
        select max(s.created_at)
        from sessions as s
        where s.user_name = u.user_name
    ) as last_login
from users as u
left join login_throttle as t on t.scope = 'name' and t.key = u.user_name
order by u.user_name
