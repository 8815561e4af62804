-- Until when branches may enter their self-assessment for a period: the latest deadline set.
-- grain: at most one row. parameters: $period.
select d.deadline
from self_assessment_deadlines as d
where d.period = $period
order by d.set_at desc
limit 1
