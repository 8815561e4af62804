-- The rows to load, one column per field holding its canonical text; the target column casts it on insert.
-- grain: one row per loaded data row (source_row). parameters: none (PIVOT cannot take parameters).
create or replace temp table ingest_clean as
pivot (
    select c.source_row, c.field, c.value
    from ingest_cells as c
    semi join ingest_rows as r on r.source_row = c.source_row and r.status = 'loaded'
)
on field
using any_value(value)
group by source_row
