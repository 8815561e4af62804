-- The units active at some time in a period, the ones that are scored, within the viewer's unit scope.
-- grain: one row per unit. parameters: $start, $end (half-open period), $unit_scope (a list of unit_ids, or null = all).
select u.unit_id, u.name as unit, u.kind, u.community
from units as u
where (u.active_from is null or u.active_from < $end)
  and (u.active_to is null or u.active_to > $start)
  and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, u.unit_id))
order by u.kind, u.unit_id
