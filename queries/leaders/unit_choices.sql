-- The units a leader may be linked to, and the community (村) organisations a department may be responsible for.
-- grain: one row per unit, communities first, by code. parameters: none.
select u.unit_id, u.name, u.kind
from units as u
order by u.kind not in ('社区', '村'), u.unit_id  -- cjk: unit kinds of the roster
