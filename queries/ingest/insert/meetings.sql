-- Load the valid, new rows of a meetings ledger file.
-- grain: one meetings row per loaded data row. parameters: $import_id (integer), $source_file (varchar).
insert into meetings by name
select c.*, $source_file as source_file, $import_id as import_id
from ingest_clean as c
semi join ingest_rows as r on r.source_row = c.source_row and r.status = 'loaded'
