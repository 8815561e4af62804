-- The unit kinds among the units active at some time in [$start, $end) (targets must exist for each).
-- grain: one row per kind. parameters: $start, $end.
select distinct u.kind
from units as u
where (u.active_from is null or u.active_from < $end)
  and (u.active_to is null or u.active_to > $start)
order by u.kind
