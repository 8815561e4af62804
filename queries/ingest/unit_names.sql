-- Every spelling that names a unit exactly: its name, its unit_id, or a registered alias.
-- grain: one row per spelling (a name wins over an id, an id over an alias). parameters: none.
create or replace temp table ingest_unit_names as
with spellings as (
    select u.name as spelling, u.unit_id, 1 as rank from units as u
    union all
    select u.unit_id as spelling, u.unit_id, 2 as rank from units as u
    union all
    select a.alias as spelling, a.unit_id, 3 as rank from unit_aliases as a
),

final as (
    select spelling, unit_id
    from spellings
    qualify row_number() over (partition by spelling order by rank) = 1
)

select * from final
