-- The roster is current state: drop the stored rows of the units about to be loaded again.
-- grain: one units row per unit_id in the file. parameters: none.
delete from units
where unit_id in (
    select c.unit_id
    from ingest_clean as c
    semi join ingest_rows as r on r.source_row = c.source_row and r.status = 'loaded'
)
