-- The fate of every data row of the file being imported: loaded, duplicate or rejected (with the reason).
-- grain: one row per data row (source_row).
-- parameters: $table (varchar, the ledger's table), $keys (varchar[], its natural-key columns in table
-- order), $replace (boolean: the roster replaces stored rows with the same key instead of skipping them).
-- A row is a duplicate when an earlier valid row of the file, or a stored row, has the same natural key.
create or replace temp table ingest_rows as
with cells as (
    select * from ingest_cells
),

problems as (
    select
        c.source_row,
        string_agg(
            replace(replace(replace(m.template, '{header}', c.header), '{value}', ingest_trim(c.raw)),
                '{expected}', coalesce(c.expected, '')),
            '；' order by c.position
        ) as reason
    from cells as c
    inner join ingest_messages as m on m.problem = c.problem
    group by c.source_row
),

keys as (
    select
        c.source_row,
        string_agg(coalesce(c.value, ''), chr(31) order by c.key_position) as row_key
    from cells as c
    where c.key_position is not null
    group by c.source_row
),

stored_typed as (
    select coalesce(columns(lambda col: list_contains($keys, col))::varchar, '')
    from query_table($table)
    where not $replace
),

stored as (
    select distinct concat_ws(chr(31), *columns(*)) as row_key from stored_typed
),

assessed as (
    select
        k.source_row,
        k.row_key,
        p.reason,
        case
            when p.reason is null
                then row_number() over (partition by k.row_key, p.reason is null order by k.source_row)
        end as nth,
        s.row_key is not null as is_stored
    from keys as k
    left join problems as p on p.source_row = k.source_row
    left join stored as s on s.row_key = k.row_key
),

final as (
    select
        source_row,
        row_key,
        reason,
        case
            when reason is not null then 'rejected'
            when nth > 1 or is_stored then 'duplicate'
            else 'loaded'
        end as status
    from assessed
)

select * from final
