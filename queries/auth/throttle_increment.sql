-- Count one more sign-in check (name) or failure (client) of a throttle row, atomically, and return the count.
-- A row idle since $forget_before starts again from 1. No row comes back when the key has none yet
-- (kaohe.auth then inserts it with auth/throttle_insert, in the same write transaction).
-- grain: updates zero or one row. parameters: $scope, $key, $now, $forget_before.
update login_throttle
set
    failures = case when last_failed_at < $forget_before then 1 else failures + 1 end,
    last_failed_at = $now
where scope = $scope and key = $key
returning failures
