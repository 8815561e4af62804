-- Count one sign-in check against a name or a client address, atomically, before the password is checked.
-- A row idle since $forget_before starts again from 1.
-- grain: upserts one row and returns its new count. parameters: $scope, $key, $now, $forget_before.
insert into login_throttle (scope, key, failures, last_failed_at, blocked_until)
values ($scope, $key, 1, $now, null)
on conflict (scope, key) do update set
    failures = case when login_throttle.last_failed_at < $forget_before then 1 else login_throttle.failures + 1 end,
    last_failed_at = $now
returning failures
