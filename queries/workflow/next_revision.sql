-- The revision number the next publication of a period gets (1 for its first), read inside the publishing
-- transaction. grain: one row. parameters: $period.
select coalesce(max(p.revision), 0) + 1 as revision
from published_results as p
where p.period = $period
