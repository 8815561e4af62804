-- What a roster keeps of the units it replaces: the columns the file has no column for (a roster without
-- 联系领导 leaves each unit's liaison as it was). Copied before insert/units_delete removes the stored rows.
-- grain: one row per stored unit the file names. parameters: $given (varchar[], the columns the file gives,
-- source_row included); source_file and import_id are always copied and then replaced on insert.
create or replace temp table ingest_units_kept as
select s.unit_id as kept_unit_id, columns(lambda col: not list_contains($given, col))
from units as s
where s.unit_id in (select c.unit_id from ingest_clean as c)
