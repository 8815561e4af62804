-- Append the next chunk of raw text rows to the staging table.
-- grain: one row per data row of the file. parameters: none; reads the batch registered as ingest_batch.
insert into ingest_stage by name select * from ingest_batch
