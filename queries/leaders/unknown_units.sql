-- Which of the given unit codes the roster does not know, before a leader's row is saved.
-- grain: one row per unknown code. parameters: $unit_ids (varchar[]).
select x.unit_id
from unnest(cast($unit_ids as varchar[])) as x(unit_id)
where x.unit_id not in (select u.unit_id from units as u)
