-- The units active at some time in a period, the ones that are scored, within the viewer's unit scope.
-- grain: one row per unit. parameters: $start, $end (half-open period), $unit_scope (a unit_id, or null = all).
select u.unit_id, u.name as unit, u.kind, u.community
from units as u
where (u.active_from is null or u.active_from < $end)
  and (u.active_to is null or u.active_to > $start)
  and ($unit_scope is null or u.unit_id = $unit_scope)
order by u.kind, u.unit_id
