-- Load the roster's units (after insert/units_delete removed their previous versions), with what the file has
-- no column for taken from the unit as it was stored (ingest_units_kept).
-- grain: one units row per loaded data row. parameters: $import_id (integer), $source_file (varchar).
insert into units by name
select
    c.*,
    k.* exclude (kept_unit_id, source_file, import_id),
    $source_file as source_file,
    $import_id as import_id
from ingest_clean as c
left join ingest_units_kept as k on k.kept_unit_id = c.unit_id
semi join ingest_rows as r on r.source_row = c.source_row and r.status = 'loaded'
