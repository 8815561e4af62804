-- Every rejected row kept in quarantine, with the file and ledger it came from, newest import first.
-- grain: one row per rejected source row. parameters: none.
with final as (
    select
        r.import_id,
        i.imported_at,
        i.file_name,
        i.ledger,
        r.source_row,
        r.reason,
        cast(r.raw as varchar) as raw
    from rejects as r
    inner join imports as i on i.import_id = r.import_id
)

select * from final
order by imported_at desc, import_id desc, source_row
