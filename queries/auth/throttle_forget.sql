-- Drop throttle rows idle for longer than their scope forgets and no longer blocking, so that made-up names
-- and passing addresses do not pile up.
-- grain: deletes any number of rows. parameters: $name_before, $client_before, $now.
delete from login_throttle
where
    (blocked_until is null or blocked_until <= $now)
    and ((scope = 'name' and last_failed_at < $name_before) or (scope = 'client' and last_failed_at < $client_before))
