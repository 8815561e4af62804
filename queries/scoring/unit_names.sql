-- Every spelling that names a unit: its id, its name and its aliases, for matching assessor files.
-- grain: one row per spelling. parameters: none.
select u.unit_id as alias, u.unit_id from units as u
union
select u.name as alias, u.unit_id from units as u
union
select a.alias, a.unit_id from unit_aliases as a
