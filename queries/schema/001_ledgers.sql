-- Schema version 1: units, the four ledgers, and the import bookkeeping.
-- grain: one table per concept; every ledger row traces back to (import_id, source_file, source_row).
-- parameters: none. Applied once by kaohe.store.migrate(); never edit after release, add a new file.

create sequence import_id_seq start 1;

create table imports (
    import_id      integer primary key default nextval('import_id_seq'),
    file_name      varchar not null,
    sha256         varchar not null,
    ledger         varchar not null,
    sheet          varchar,
    encoding       varchar,
    header_row     integer,
    rows_read      integer not null,
    rows_loaded    integer not null,
    rows_skipped   integer not null,
    rows_duplicate integer not null,
    rows_rejected  integer not null,
    imported_by    varchar not null,
    imported_at    timestamp not null default current_timestamp
);

create table rejects (
    import_id   integer not null,
    source_file varchar not null,
    source_row  integer not null,
    raw         json not null,
    reason      varchar not null
);

create table units (
    unit_id     varchar primary key,
    name        varchar not null unique,
    kind        varchar not null,
    community   varchar,
    parent_id   varchar,
    members     integer not null,
    secretary   varchar,
    liaison     varchar,
    active_from date,
    active_to   date,
    source_file varchar,
    source_row  integer,
    import_id   integer
);

create table unit_aliases (
    alias   varchar primary key,
    unit_id varchar not null
);

create table services (
    service_date     date not null,
    unit_id          varchar not null,
    category         varchar not null,
    title            varchar not null,
    people_served    integer not null,
    members_involved integer,
    hours            double,
    location         varchar,
    source_file      varchar not null,
    source_row       integer not null,
    import_id        integer not null
);

create table meetings (
    meeting_date  date not null,
    unit_id       varchar not null,
    meeting_type  varchar not null,
    attendees     integer,
    members_total integer,
    topic         varchar not null,
    source_file   varchar not null,
    source_row    integer not null,
    import_id     integer not null
);

create table cases (
    received_date date not null,
    closed_date   date,
    unit_id       varchar not null,
    kind          varchar not null,
    type          varchar not null,
    title         varchar not null,
    status        varchar not null,
    satisfaction  varchar,
    source_file   varchar not null,
    source_row    integer not null,
    import_id     integer not null
);

create table disputes (
    dispute_date  date not null,
    unit_id       varchar not null,
    type          varchar not null,
    summary       varchar not null,
    resolved      boolean not null,
    resolved_date date,
    escalated     boolean not null,
    source_file   varchar not null,
    source_row    integer not null,
    import_id     integer not null
);
