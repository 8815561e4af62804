-- The columns of one table in their stored order (the order natural keys are compared in).
-- grain: one row per column. parameters: $table (varchar).
select column_name
from duckdb_columns()
where table_name = $table and schema_name = 'main' and not internal
order by column_index
