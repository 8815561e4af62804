-- The units roster as the import page lists it for editing codes.
-- grain: one row per unit, by code. parameters: none.
select u.unit_id, u.name, u.kind, u.community
from units as u
order by u.unit_id
