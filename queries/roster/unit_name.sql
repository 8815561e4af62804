-- The name of one unit, for a branch user's own card.
-- grain: one row (none when the unit is unknown). parameters: $unit_id (varchar).
select u.name
from units as u
where u.unit_id = $unit_id
