-- Forget the wrong sign-ins of a name or a client address (after a good sign-in, or an admin's unlock).
-- grain: deletes zero or one row. parameters: $scope, $key.
delete from login_throttle
where scope = $scope and key = $key
