-- The codes of the roster rows that came without one, for the import's result: matched to a stored unit
-- (kept) or newly assigned. grain: one row per valid roster row without a 编号, in file order.
-- parameters: none; reads ingest_unit_codes, ingest_clean and ingest_rows of the import in progress.
select c.source_row, c.unit_id, k.name, k.kind, c.assigned, r.status
from ingest_unit_codes as c
inner join ingest_clean as k on k.source_row = c.source_row
inner join ingest_rows as r on r.source_row = c.source_row
where c.assigned or c.matched
order by c.source_row
