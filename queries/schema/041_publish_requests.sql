-- Schema version 41: the assessors' requests to publish a period (发布申请).
-- grain: publish_requests one row per entry (a request, or its closing); publish_requests_current one row per request.
-- parameters: none. Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- The assessors may not publish (only the secretary does, kaohe.access): when a period's result is ready they ask the
-- secretary to publish it, with a note. The secretary sees the open requests on the publish page and the overview;
-- publishing the period closes its open requests (status published, with the publication), declining closes one
-- with a reason. Append-only: the request and its closing are two entries sharing request_id; each request and
-- each decline is also in the audit log ('publish.request', 'publish.decline'; a closing by publication is in the
-- 'publish' entry).

create sequence publish_request_entry_id_seq start 1;
create sequence publish_request_id_seq start 1;

create table publish_requests (
    entry_id       integer primary key default nextval('publish_request_entry_id_seq'),
    request_id     integer not null,   -- the request; its entries share it (from publish_request_id_seq)
    period         varchar not null,   -- the period to publish, e.g. '2025'
    status         varchar not null,   -- open (待处理) | published (已发布) | declined (已退回)
    note           varchar,            -- the assessor's note with the request (what is ready, what was checked)
    reason         varchar,            -- the secretary's reason when declining
    publication_id integer,            -- the publication that closed the request (status published)
    entered_by     varchar not null,   -- user name: the assessor who asked, or the secretary who closed it
    entered_at     timestamp not null default current_timestamp,
    check (status in ('open', 'published', 'declined'))
);

-- Each request as it now stands: who asked when with what note, and (once closed) who closed it, when, how and why.
create view publish_requests_current as
with opened as (
    select r.request_id, r.period, r.note, r.entered_by as requested_by, r.entered_at as requested_at
    from publish_requests as r
    where r.status = 'open'
),

latest as (
    select r.*
    from publish_requests as r
    qualify row_number() over (partition by r.request_id order by r.entered_at desc, r.entry_id desc) = 1
)

select
    o.request_id,
    o.period,
    o.note,
    o.requested_by,
    o.requested_at,
    l.status,
    case when l.status <> 'open' then l.entered_by end as closed_by,
    case when l.status <> 'open' then l.entered_at end as closed_at,
    l.reason,
    l.publication_id
from opened as o
inner join latest as l on l.request_id = o.request_id;
