-- Load the clean rows of a units roster (after insert/units_delete removed their previous versions).
-- grain: one units row per loaded data row. parameters: $import_id (integer), $source_file (varchar).
insert into units by name
select columns(lambda col: col <> 'aliases'), $source_file as source_file, $import_id as import_id
from ingest_clean
