-- Quarantine the rejected rows of the file being imported, with their raw values keyed by the file's headers.
-- grain: one rejects row per rejected data row. parameters: $import_id (integer), $source_file (varchar).
insert into rejects (import_id, source_file, source_row, raw, reason)
with raw_rows as (
    select r.source_row, to_json(map_from_entries(list((f.header, r.raw) order by f.position))) as raw
    from ingest_rejected as r
    inner join ingest_fields as f on f.field = r.field
    where f.header is not null
    group by r.source_row
),

final as (
    select $import_id as import_id, $source_file as source_file, p.source_row, v.raw, p.reason
    from ingest_problems as p
    inner join raw_rows as v on v.source_row = p.source_row
)

select * from final
order by source_row
