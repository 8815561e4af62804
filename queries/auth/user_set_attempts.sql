-- Record the outcome of a sign-in attempt: the count of wrong passwords in a row and any lockout.
-- grain: updates one row. parameters: $user_name, $failed_attempts, $locked_until, $now.
update users
set failed_attempts = $failed_attempts, locked_until = $locked_until, changed_at = $now
where user_name = $user_name
