-- The import log, newest first.
-- grain: one row per import (one file imported once). parameters: $limit (int, the most rows returned; null: all).
with final as (
    select
        i.import_id,
        i.imported_at,
        i.file_name,
        i.ledger,
        i.rows_read,
        i.rows_loaded,
        i.rows_skipped,
        i.rows_duplicate,
        i.rows_rejected,
        i.imported_by
    from imports as i
)

select * from final
order by imported_at desc, import_id desc
limit $limit
