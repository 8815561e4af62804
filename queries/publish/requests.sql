-- Requests to publish as they now stand, newest first.
-- grain: one row per request. parameters: $period (a period code, or null = every period), $open_only (boolean).
select
    c.request_id,
    c.period,
    c.note,
    c.requested_by,
    c.requested_at,
    c.status,
    c.closed_by,
    c.closed_at,
    c.reason,
    c.publication_id
from publish_requests_current as c
where ($period is null or c.period = $period) and (not $open_only or c.status = 'open')
order by c.requested_at desc, c.request_id desc
