-- A new request to publish a period (the first entry of a request; append-only).
-- grain: one new publish_requests row, its request_id returned. parameters: $period, $note, $entered_by, $entered_at.
insert into publish_requests (request_id, period, status, note, entered_by, entered_at)
values (nextval('publish_request_id_seq'), $period, 'open', $note, $entered_by, $entered_at)
returning request_id
