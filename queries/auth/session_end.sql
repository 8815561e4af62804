-- End one open session (sign-out, or found expired).
-- grain: updates zero or one row. parameters: $token_hash, $now, $reason.
update sessions
set ended_at = $now, end_reason = $reason
where token_hash = $token_hash and ended_at is null
