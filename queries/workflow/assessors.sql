-- The assessment panel of a period as the entries show it: everyone with a score in force, with how many.
-- grain: one row per assessor. parameters: $period.
select q.assessor, count(*) as scores, max(q.entered_at) as last_entry
from qualitative_scores_current as q
where q.period = $period
group by q.assessor
order by q.assessor
