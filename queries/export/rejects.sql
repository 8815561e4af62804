-- The rejected rows of every import, for the data-quality sheet of an export.
-- grain: one row per rejected source row. parameters: $unit_scope (null = every unit; a rejected row has no
--   trustworthy unit, so a viewer limited to one unit gets none of them).
with final as (
    select
        r.import_id,
        r.source_file,
        i.ledger,
        r.source_row,
        r.reason,
        cast(r.raw as varchar) as raw
    from rejects as r
    inner join imports as i on i.import_id = r.import_id
    where cast($unit_scope as varchar[]) is null
)

select * from final
order by import_id, source_row
