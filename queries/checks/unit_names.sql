-- Every unit's name, for naming the units of credibility flags.
-- grain: one row per unit. columns: unit_id, name. parameters: none.
select u.unit_id, u.name
from units as u
order by u.unit_id
