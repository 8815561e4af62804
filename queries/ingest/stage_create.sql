-- Start the staging table of the file being imported from its first chunk of raw text rows.
-- grain: one row per data row of the file (source_row), one varchar column per mapped field.
-- parameters: none; reads the Arrow batch registered as ingest_batch on this cursor.
create or replace temp table ingest_stage as select * from ingest_batch
