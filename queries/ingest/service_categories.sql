-- The service categories already used, most used first, offered in the services template's drop-down.
-- grain: one row per category (at most 60). parameters: none.
select s.category, count(*) as services
from services as s
group by s.category
order by services desc, s.category
limit 60
