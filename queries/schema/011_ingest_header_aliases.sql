-- Schema version 11: header spellings saved by users on the import page. The shipped alias table
-- (kaohe/ingest/ledgers.toml) stays the default; a saved spelling adds to it, and wins over it, for its ledger.
-- grain: one row per ledger and normalised spelling. parameters: none. Applied once by kaohe.store.migrate();
-- never edit after release, add a new file. Saving and removing a spelling are written to the audit log.
create table header_aliases (
    ledger   varchar not null,  -- units | services | meetings | cases | disputes
    spelling varchar not null,  -- the header as the importer compares it (NFKC, no whitespace, no bracketed units)
    header   varchar not null,  -- the header as the user's file spelled it, shown on the import page
    field    varchar not null,  -- the field it maps to, or '' for a column to leave out
    saved_by varchar not null,  -- user name
    saved_at timestamp not null default current_timestamp,
    primary key (ledger, spelling)
);
