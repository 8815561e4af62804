-- Schema version 20: sign-in throttling by name and by client address, in place of the account lock.
-- grain: login_throttle one row per name or client address with recent wrong sign-ins. parameters: none.
-- Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- The lock of schema 4 (five wrong passwords lock an account for 15 minutes) let anyone lock the admin out and,
-- answering differently for real accounts, told who exists. Sign-in checks are now counted per name typed
-- (whether an account has it or not) and failures per client address, and each count past a free allowance
-- makes the next check wait longer (kaohe/auth.py). Not on the SQL console's snapshot allow-list.

create table login_throttle (
    scope          varchar not null,   -- 'name': a sign-in name as typed (lower case); 'client': an address
    key            varchar not null,   -- the name, or the client's IP address ('localhost' for this machine)
    failures       integer not null,   -- name: checks since its last good sign-in; client: failed sign-ins
    last_failed_at timestamp not null, -- the latest of them; an idle name (a day) or address (an hour) restarts
    blocked_until  timestamp,          -- no password is checked for this name or address before this time
    primary key (scope, key),
    check (scope in ('name', 'client')),
    check (failures > 0)
);

-- The per-account counters of schema 4 are superseded by login_throttle.
alter table users drop column failed_attempts;
alter table users drop column locked_until;
