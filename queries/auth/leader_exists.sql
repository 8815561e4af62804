-- Whether a leader is on the leaders list, before a leader account is tied to them.
-- grain: one row. parameters: $leader.
select count(*) > 0 as found from leaders where name = $leader
