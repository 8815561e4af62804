-- Note activity on an open session, so that inactivity is measured from the latest page run.
-- grain: updates one row. parameters: $token_hash, $now.
update sessions
set last_seen = $now
where token_hash = $token_hash and ended_at is null
