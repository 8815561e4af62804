-- Schema version 4: accounts (users) and their server-side sessions.
-- grain: users one row per account; sessions one row per sign-in. parameters: none.
-- Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- Passwords are stored only as argon2id hashes, session tokens only as their sha256: a copy of the database
-- file lets nobody sign in. Neither table is on the SQL console's snapshot allow-list (kaohe/sandbox.py).

-- One row per account (用户). Never deleted: a person who leaves is disabled, so the audit log keeps its names.
create table users (
    user_name       varchar primary key,  -- sign-in name, lower case, e.g. 'zhangwei'
    display_name    varchar not null,     -- name shown in the app, e.g. 张伟
    role            varchar not null,     -- secretary | assessor | analyst | branch | admin
    unit_id         varchar,              -- the one unit a branch user sees; null for every other role
    password_hash   varchar not null,     -- argon2id hash in PHC format; never the password
    disabled        boolean not null default false,
    failed_attempts integer not null default 0,  -- wrong passwords in a row; reset by a good sign-in
    locked_until    timestamp,            -- no sign-in before this time (set after 5 wrong passwords)
    created_at      timestamp not null,
    changed_at      timestamp not null,   -- last change to the account (password, role, disabled, lockout)
    check (role in ('secretary', 'assessor', 'analyst', 'branch', 'admin')),
    check ((role = 'branch') = (unit_id is not null))
);

-- One row per sign-in (会话). The browser holds a random token; the server checks this row on every page run.
create table sessions (
    token_hash varchar primary key,  -- sha256 of the session token (hex)
    user_name  varchar not null,     -- the account signed in
    created_at timestamp not null,   -- when the user signed in
    last_seen  timestamp not null,   -- last page run; the session expires after a stretch of inactivity
    ended_at   timestamp,            -- when it ended; null while open
    end_reason varchar               -- logout | expired | password_changed | disabled | role_changed
);
