-- A list of current state replaces what it names: drop the stored rows about to be loaded again.
-- grain: one stored row per key of the file that is loaded (changed or new). parameters: none.
-- {table} and {key}: the ledger's table and key column (see insert/current_keep).
delete from {table}
where {key} in (
    select c.{key}
    from ingest_clean as c
    semi join ingest_rows as r on r.source_row = c.source_row and r.status = 'loaded'
)
