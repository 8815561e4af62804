-- Fill ingest_clean with the valid rows of the file, cast from their canonical text to the table's types.
-- grain: one row per data row without problems. parameters: none; reads the frame ingest_valid_frame
-- (source_row and one canonical-text column per table field) registered on this cursor.
insert into ingest_clean by name
select * from ingest_valid_frame
