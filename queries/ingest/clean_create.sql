-- An empty copy of the ledger's table to hold the file's valid rows, typed and in the table's column order.
-- grain: one row per valid data row (filled by ingest/clean_fill). parameters: $table (varchar).
create or replace temp table ingest_clean as
select * from query_table($table) limit 0
