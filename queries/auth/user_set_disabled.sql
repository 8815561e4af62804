-- Disable or re-enable an account.
-- grain: updates one row. parameters: $user_name, $disabled, $now.
update users
set disabled = $disabled, changed_at = $now
where user_name = $user_name
