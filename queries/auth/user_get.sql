-- One account by sign-in name, with its hash (for kaohe.auth only, never shown).
-- grain: zero or one row. parameters: $user_name.
select
    u.user_name,
    u.display_name,
    u.role,
    u.unit_id,
    u.leader,
    u.password_hash,
    u.disabled,
    u.created_at,
    u.changed_at
from users as u
where u.user_name = $user_name
