-- Reserve the id of the import about to run, so its rows can carry it before the imports row is written.
-- grain: one row. parameters: none.
select nextval('import_id_seq') as import_id
