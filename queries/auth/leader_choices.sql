-- The leaders a leader account may be tied to, for the user admin page, in the list's order.
-- grain: one row per leader. parameters: none.
select l.name, l.post
from leaders as l
order by l.source_row nulls last, l.name
