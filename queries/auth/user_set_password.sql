-- Replace an account's password hash; a new password also lifts a lockout.
-- grain: updates one row. parameters: $user_name, $password_hash, $now.
update users
set password_hash = $password_hash, failed_attempts = 0, locked_until = null, changed_at = $now
where user_name = $user_name
