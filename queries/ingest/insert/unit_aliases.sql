-- Replace the aliases of the roster's units with its aliases column (split on 、,，;； or spaces).
-- grain: one unit_aliases row per distinct alias. parameters: none; reads the frame ingest_aliases_frame
-- (source_row, aliases) registered on this cursor.
delete from unit_aliases where unit_id in (select c.unit_id from ingest_clean as c);
insert or replace into unit_aliases (alias, unit_id)
with loaded as (
    select c.source_row, c.unit_id
    from ingest_clean as c
    semi join ingest_rows as r on r.source_row = c.source_row and r.status = 'loaded'
),

split as (
    select unnest(regexp_split_to_array(a.aliases, '[、,，;；\s\x{3000}]+')) as alias, l.unit_id
    from ingest_aliases_frame as a
    inner join loaded as l on l.source_row = a.source_row
),

final as (
    select alias, any_value(unit_id) as unit_id from split where alias <> '' group by alias
)

select * from final
