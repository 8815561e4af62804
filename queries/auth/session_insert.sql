-- Open a session after a good sign-in; only the token's hash is stored.
-- grain: inserts one row. parameters: $token_hash, $user_name, $now.
insert into sessions (token_hash, user_name, created_at, last_seen)
values ($token_hash, $user_name, $now, $now)
