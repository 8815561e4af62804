-- The first count of a name or client address that has no throttle row yet.
-- grain: inserts one row and returns its count. parameters: $scope, $key, $now.
insert into login_throttle (scope, key, failures, last_failed_at, blocked_until)
values ($scope, $key, 1, $now, null)
returning failures
