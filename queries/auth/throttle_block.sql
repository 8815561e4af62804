-- Hold off the next password check for a name or client address until $blocked_until (null: no wait).
-- grain: updates one row. parameters: $scope, $key, $blocked_until.
update login_throttle
set blocked_until = $blocked_until
where scope = $scope and key = $key
