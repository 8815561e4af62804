-- Drop the import's temporary tables so the next import on this connection starts clean.
-- grain: none. parameters: none.
drop table if exists ingest_values;
drop table if exists ingest_rejected;
drop table if exists ingest_problems;
drop view if exists ingest_clean;
drop table if exists ingest_unit_rows;
drop table if exists ingest_unit_codes;
drop table if exists ingest_kept;
drop table if exists ingest_rows;
drop table if exists ingest_fields;
drop table if exists ingest_spellings;
drop table if exists ingest_messages;
drop table if exists ingest_unit_names;
