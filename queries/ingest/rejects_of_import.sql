-- The rejected rows of one import, for the result shown to the user and the download.
-- grain: one row per rejected data row. parameters: $import_id (integer).
select source_row, reason, raw::varchar as raw
from rejects
where import_id = $import_id
order by source_row
