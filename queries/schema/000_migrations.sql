-- The migration ledger itself: one row per applied schema file.
-- grain: one row per schema version. parameters: none. Idempotent; run before every migration check.
create table if not exists schema_migrations (
    version    integer primary key,
    name       varchar not null,
    applied_at timestamp not null default current_timestamp
);
