-- Replace the aliases of the units in a roster file with those in its aliases column (split on 、,，;； or spaces).
-- grain: one unit_aliases row per distinct alias. parameters: none.
delete from unit_aliases where unit_id in (select c.unit_id from ingest_clean as c);
insert or replace into unit_aliases (alias, unit_id)
with split as (
    select unnest(regexp_split_to_array(c.aliases, '[、,，;；\s\x{3000}]+')) as alias, c.unit_id
    from ingest_clean as c
    where c.aliases is not null
),

final as (
    select alias, any_value(unit_id) as unit_id from split where alias <> '' group by alias
)

select * from final
