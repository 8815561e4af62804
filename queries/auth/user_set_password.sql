-- Replace an account's password hash (kaohe.auth also clears the name's sign-in throttle).
-- grain: updates one row. parameters: $user_name, $password_hash, $now.
update users
set password_hash = $password_hash, changed_at = $now
where user_name = $user_name
