-- The fate of every data row of the file being imported: loaded, duplicate or rejected.
-- grain: one row per data row (source_row).
-- parameters: $table (varchar, the ledger's table), $keys (varchar[], its natural-key columns),
-- $compare (varchar[], the columns a row must equal in a stored row to be a duplicate of it: the natural key for
-- a ledger; every column the file gives for the roster, which replaces a stored unit only when it changed).
-- A valid row is a duplicate when an earlier valid row of the file has the same natural key, or a stored row
-- has the same $compare columns. The file's side holds canonical text ('2024-03-05'), which is exactly what
-- the stored typed columns cast to varchar give, so both sides are keyed by the same expression and compare
-- exactly.
create or replace temp table ingest_rows as
with clean_typed as (
    select source_row, coalesce(columns(lambda col: list_contains($compare, col))::varchar, '')
    from ingest_clean
),

clean_keys as (
    select
        source_row,
        concat_ws(chr(31), *columns(lambda col: list_contains($keys, col))) as row_key,
        -- A ledger compares by its key: the key text is reused rather than built a second time per row.
        case
            when $compare = $keys then row_key
            else concat_ws(chr(31), *columns(lambda col: list_contains($compare, col)))
        end as row_compare
    from clean_typed
),

stored_typed as (
    select coalesce(columns(lambda col: list_contains($compare, col))::varchar, '')
    from query_table($table)
),

stored_keys as (
    select distinct concat_ws(chr(31), *columns(*)) as row_compare from stored_typed
),

valid as (
    select
        k.source_row,
        row_number() over (partition by k.row_key order by k.source_row) > 1
        or k.row_compare in (select s.row_compare from stored_keys as s) as is_duplicate
    from clean_keys as k
),

final as (
    select source_row, case when is_duplicate then 'duplicate' else 'loaded' end as status
    from valid
    union all
    select source_row, 'rejected' as status
    from ingest_problems
)

select * from final
