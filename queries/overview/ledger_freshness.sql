-- When each ledger was last imported, how many files and rows it holds, and how many rows were rejected.
-- grain: one row per ledger that has at least one import. parameters: none.
-- rows_rejected counts the quarantined rows kept in `rejects`, so it matches what the rejects view shows.
with import_summary as (
    select
        i.ledger,
        max(i.imported_at) as last_import_at,
        count(*) as files,
        cast(sum(i.rows_loaded) as bigint) as rows_loaded
    from imports as i
    group by i.ledger
),

reject_counts as (
    select
        i.ledger,
        count(*) as rows_rejected
    from rejects as r
    inner join imports as i on i.import_id = r.import_id
    group by i.ledger
),

final as (
    select
        ims.ledger,
        ims.last_import_at,
        ims.files,
        ims.rows_loaded,
        coalesce(rc.rows_rejected, 0) as rows_rejected
    from import_summary as ims
    left join reject_counts as rc on rc.ledger = ims.ledger
)

select * from final
order by ledger
