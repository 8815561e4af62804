-- The throttle rows of one sign-in attempt: its name and its client address.
-- grain: zero, one or two rows (one per scope). parameters: $name, $client.
select
    t.scope,
    t.key,
    t.failures,
    t.last_failed_at,
    t.blocked_until
from login_throttle as t
where (t.scope = 'name' and t.key = $name) or (t.scope = 'client' and t.key = $client)
