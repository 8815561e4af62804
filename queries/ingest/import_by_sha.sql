-- The earlier import of a file with the same content, if any.
-- grain: at most one row. parameters: $sha256 (varchar, hex digest of the file's bytes).
select import_id, ledger, file_name
from imports
where sha256 = $sha256
order by import_id
limit 1
