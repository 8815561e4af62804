-- Quarantine the rejected rows of the file being imported, with their raw values keyed by the file's headers.
-- grain: one rejects row per rejected data row. parameters: $import_id (integer), $source_file (varchar).
insert into rejects (import_id, source_file, source_row, raw, reason)
with rejected as (
    select r.source_row, r.reason from ingest_rows as r where r.status = 'rejected'
),

raw_values as (
    select c.source_row, to_json(map_from_entries(list((c.header, c.raw) order by c.position))) as raw
    from ingest_cells as c
    where c.header is not null and c.source_row in (select source_row from rejected)
    group by c.source_row
),

final as (
    select $import_id as import_id, $source_file as source_file, r.source_row, v.raw, r.reason
    from rejected as r
    inner join raw_values as v on v.source_row = r.source_row
)

select * from final
order by source_row
