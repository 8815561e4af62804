-- Replace the aliases of the roster's units with its aliases column (split on 、,，;； or spaces).
-- grain: one unit_aliases row per distinct alias. parameters: none; reads the frame ingest_aliases_frame
-- (source_row, aliases) registered on this cursor. Each unit's aliases come from its first valid row in the
-- file, whether that row was loaded or left as it was (unchanged), so an unchanged roster keeps its aliases.
delete from unit_aliases where unit_id in (select c.unit_id from ingest_clean as c);
insert or replace into unit_aliases (alias, unit_id)
with first_rows as (
    select c.source_row, c.unit_id
    from ingest_clean as c
    qualify row_number() over (partition by c.unit_id order by c.source_row) = 1
),

split as (
    select unnest(regexp_split_to_array(a.aliases, '[、,，;；\s\x{3000}]+')) as alias, f.unit_id  -- cjk: separators offices write between aliases
    from ingest_aliases_frame as a
    inner join first_rows as f on f.source_row = a.source_row
),

final as (
    select alias, any_value(unit_id) as unit_id from split where alias <> '' group by alias
)

select * from final
