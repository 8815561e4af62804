-- The valid rows of the roster being imported, with the code each row gets (ingest/unit_codes) in unit_id.
-- The rows are copied into a table (a roster is small) so the codes stay fixed while they are loaded; the
-- view ingest_clean over them is what the later steps read, as for every other ledger.
-- grain: one row per valid roster row. parameters: none; reads ingest_valid_frame and ingest_unit_codes.
create or replace temp table ingest_unit_rows as
select v.* replace (c.unit_id as unit_id)
from ingest_valid_frame as v
inner join ingest_unit_codes as c on c.source_row = v.source_row;
create or replace temp view ingest_clean as
select * from ingest_unit_rows
