-- Load a list of current state (after insert/current_delete removed the previous versions of its rows), with
-- what the file has no column for taken from the row as it was stored (ingest_kept).
-- grain: one row per loaded data row. parameters: $import_id (integer), $source_file (varchar).
-- {table} and {key}: the ledger's table and key column (see insert/current_keep).
insert into {table} by name
select
    c.*,
    k.* exclude (kept_key, source_file, import_id),
    $source_file as source_file,
    $import_id as import_id
from ingest_clean as c
left join ingest_kept as k on k.kept_key = c.{key}
semi join ingest_rows as r on r.source_row = c.source_row and r.status = 'loaded'
