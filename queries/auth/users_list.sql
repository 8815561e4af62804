-- The accounts for the user admin page and `kaohe users list`, without password hashes.
-- grain: one row per account, ordered by name. parameters: $now (to say whether a lockout is still in force).
select
    u.user_name,
    u.display_name,
    u.role,
    u.unit_id,
    u.disabled,
    coalesce(u.locked_until > $now, false) as locked,
    u.failed_attempts,
    u.created_at,
    u.changed_at,
    (
        select max(s.created_at)
        from sessions as s
        where s.user_name = u.user_name
    ) as last_login
from users as u
order by u.user_name
