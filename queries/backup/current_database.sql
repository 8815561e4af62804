-- The catalog name of the Store's own database (DuckDB names it after the file), to copy from.
-- grain: one row. parameters: none.
select current_database() as database_name
