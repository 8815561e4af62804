-- Disable or re-enable an account.
-- grain: updates one row. parameters: $user_name, $disabled, $now.
update users
set disabled = $disabled, failed_attempts = 0, locked_until = null, changed_at = $now
where user_name = $user_name
