-- The tables and views of the main database, so a snapshot copies only allow-listed names that exist.
-- grain: one row per table or view in schema main. parameters: none.
with final as (
    select t.table_name
    from information_schema.tables as t
    where t.table_schema = 'main'
      and t.table_catalog = current_database()
)

select * from final
order by table_name
