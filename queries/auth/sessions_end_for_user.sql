-- End every open session of an account at once (password changed, account disabled).
-- grain: updates the user's open sessions. parameters: $user_name, $now, $reason.
update sessions
set ended_at = $now, end_reason = $reason
where user_name = $user_name and ended_at is null
