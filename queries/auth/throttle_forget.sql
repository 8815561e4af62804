-- Drop throttle rows idle since $forget_before and no longer blocking, so made-up names do not pile up.
-- grain: deletes any number of rows. parameters: $forget_before, $now.
delete from login_throttle
where last_failed_at < $forget_before and (blocked_until is null or blocked_until <= $now)
