-- Fill ingest_clean with the valid rows of the file: one column per field, cast from the canonical text.
-- grain: one row per data row without problems. parameters: none (PIVOT cannot take parameters).
-- The roster's aliases column is not a units column; insert/unit_aliases reads it from ingest_cells.
insert into ingest_clean by name
pivot (
    select c.source_row, c.field, c.value
    from ingest_cells as c
    anti join ingest_problems as p on p.source_row = c.source_row
    where c.field <> 'aliases'
)
on field
using any_value(value)
group by source_row
