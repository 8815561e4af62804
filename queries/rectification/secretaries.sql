-- Each unit's secretary (支部书记) from the roster: the person responsible a drafted item names.
-- grain: one row per unit. parameters: none.
select u.unit_id, u.secretary from units as u
