-- The units a branch account may be tied to, for the user admin page.
-- grain: one row per unit, ordered by unit_id. parameters: none.
select u.unit_id, u.name
from units as u
order by u.unit_id
