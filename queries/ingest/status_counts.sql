-- How many data rows of the file being imported ended in each status.
-- grain: one row per status (loaded, duplicate, rejected). parameters: none.
select status, count(*) as rows from ingest_rows group by status
