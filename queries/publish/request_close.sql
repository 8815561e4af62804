-- Close open requests: one closing entry each (published with the publication, or declined with a reason).
-- grain: one new publish_requests row per request closed, their request_ids returned. parameters: $period (close
-- the period's open requests, or null), $request_id (close this one, or null), $status ('published' | 'declined'),
-- $reason, $publication_id, $entered_by, $entered_at.
insert into publish_requests (request_id, period, status, reason, publication_id, entered_by, entered_at)
select
    c.request_id,
    c.period,
    $status,
    $reason,
    $publication_id,
    $entered_by,
    $entered_at
from publish_requests_current as c
where
    c.status = 'open'
    and ($period is null or c.period = $period)
    and ($request_id is null or c.request_id = $request_id)
returning request_id
