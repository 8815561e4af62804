-- The valid rows of the file being imported, one canonical-text column per table field (the target columns
-- cast on insert). A view over the registered frame rather than a copy: a million-row file is not held twice.
-- grain: one row per data row without problems. parameters: none; reads the frame ingest_valid_frame
-- (source_row and one column per table field) registered on this cursor.
create or replace temp view ingest_clean as
select * from ingest_valid_frame
