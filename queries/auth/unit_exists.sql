-- Whether a unit is on the roster, before a branch account is tied to it.
-- grain: one row. parameters: $unit_id.
select count(*) > 0 as found from units where unit_id = $unit_id
