-- Load the clean rows of a disputes ledger file.
-- grain: one disputes row per loaded data row. parameters: $import_id (integer), $source_file (varchar).
insert into disputes by name
select *, $source_file as source_file, $import_id as import_id
from ingest_clean
