-- The parsed distinct values, handed back to kaohe.ingest.load to map every cell of the file through them.
-- grain: one row per field and distinct raw text. parameters: none.
select field, raw, value, problem from ingest_values
