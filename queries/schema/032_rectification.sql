-- Schema version 32: rectification items (整改).
-- grain: rectification_items one row per entry (a drafted item, or one change to it). parameters: none.
-- Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- A unit graded 不合格 (or, as the scheme says, one flagged 预警 during the year) rectifies what lost it the most
-- points: each item names the indicator, the points lost and what is required, with a responsible person, a
-- deadline, a status and an evidence note. Append-only: drafting an item, and every change to it (the branch
-- reporting progress, the assessors editing, closing 销号 or withdrawing it), is a new row with the item's
-- item_id; rectification_items_current is each item as it now stands.
create sequence rectification_entry_id_seq start 1;
create sequence rectification_item_id_seq start 1;
create table rectification_items (
    entry_id     integer primary key default nextval('rectification_entry_id_seq'),
    item_id      integer not null,   -- the item; all its entries share it (from rectification_item_id_seq)
    period       varchar not null,   -- the period whose result called for it, e.g. '2025'
    unit_id      varchar not null,
    basis        varchar not null,   -- grade (graded so at year-end) | alert (预警 on pace during the year)
    indicator_id varchar,            -- the indicator that lost the points; null for a veto (一票否决) item
    indicator    varchar not null,   -- its name when drafted (or 一票否决)
    points_lost  double,             -- weighted points lost on it when drafted; null for a veto item
    requirement  varchar not null,   -- what is required (drafted from the indicator, editable by assessors)
    responsible  varchar,            -- the person responsible (the branch secretary when drafted)
    deadline     date not null,
    status       varchar not null,   -- open (待整改) | in_progress (整改中) | reported (已报整改) | closed (已销号)
    evidence     varchar,            -- evidence note: what was done, where the proof is
    withdrawn    boolean not null default false,  -- withdrawn by the assessors (drafted in error)
    entered_by   varchar not null,   -- user name of whoever drafted or changed it
    entered_at   timestamp not null default current_timestamp,
    check (basis in ('grade', 'alert')),
    check (status in ('open', 'in_progress', 'reported', 'closed'))
);

-- Each item as it now stands: its latest entry, withdrawn items left out.
create view rectification_items_current as
with ranked as (
    select
        r.*,
        row_number() over (partition by r.item_id order by r.entered_at desc, r.entry_id desc) as recency
    from rectification_items as r
)

select * exclude (recency, withdrawn) from ranked where recency = 1 and not withdrawn;
