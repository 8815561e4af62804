-- Schema version 6: what the rule families need beyond the first cut (kaohe/rules.py, docs/scheme.md):
-- every indicator's parameters as declared by its family, shared tasks' parts, a cap per bonus or deduction
-- category, pools declared uncapped (上不封顶), targets per resident or household, and two kinds of input:
-- branches' self-assessment (自评) and each unit's part in a shared task (牵头/配合).
-- grain: one change per table below. parameters: none.
-- Applied once by kaohe.store.migrate(); never edit after release, add a new file.

-- The rule's parameters as the scheme file gives them (e.g. {"per_rank": 3, "within": "kind"}); the older
-- columns cap, base_points, … stay filled for the families that have them.
alter table indicators add column params json;
-- A shared task's parts and multipliers ({"牵头": 1.0, "配合": 0.95}) and the part of a unit nobody entered.
alter table indicators add column parts json;
alter table indicators add column default_part varchar;
-- Most points one category gives a unit in all (null: only the pool's cap).
alter table adjustment_categories add column cap double;
-- A pool declared cap = "none" (上不封顶) is stored without a cap.
alter table schemes alter column bonus_cap drop not null;
alter table schemes alter column deduction_cap drop not null;

-- Residents and households (常住人口, 户数) for targets per 1,000 residents or per 100 households.
alter table units add column residents integer;
alter table units add column households integer;

-- Branches' own scores (自评) on qualitative indicators that weigh them, append-only like qualitative_scores:
-- the latest entry per (period, unit, indicator) wins, an entry without a score withdraws it.
create sequence self_score_id_seq start 1;
create table self_scores (
    self_score_id integer primary key default nextval('self_score_id_seq'),
    period        varchar not null,  -- period code, e.g. '2025'
    unit_id       varchar not null,  -- the branch scoring itself
    indicator_id  varchar not null,  -- a qualitative indicator with self_weight
    score         double,            -- within [0, max points]; null withdraws
    comment       varchar,
    entered_by    varchar not null,  -- the branch user (or an assessor on its behalf)
    entered_at    timestamp not null default current_timestamp
);

create view self_scores_current as
select s.*
from self_scores as s
qualify row_number() over (
    partition by s.period, s.unit_id, s.indicator_id order by s.entered_at desc, s.self_score_id desc
) = 1 and s.score is not null;

-- Until when branches may enter their self-assessment for a period (set by the assessors; the latest row wins).
create table self_assessment_deadlines (
    period   varchar not null,
    deadline date not null,     -- the last day branches may enter or change their own scores
    set_by   varchar not null,
    set_at   timestamp not null default current_timestamp
);

-- Each unit's part in a shared task (牵头 lead, 配合 support …), entered by assessors; latest wins.
create sequence task_part_id_seq start 1;
create table task_parts (
    task_part_id integer primary key default nextval('task_part_id_seq'),
    period       varchar not null,
    unit_id      varchar not null,
    indicator_id varchar not null,  -- an indicator with parts
    part         varchar not null,  -- one of the indicator's parts
    entered_by   varchar not null,
    entered_at   timestamp not null default current_timestamp
);

create view task_parts_current as
select t.*
from task_parts as t
qualify row_number() over (
    partition by t.period, t.unit_id, t.indicator_id order by t.entered_at desc, t.task_part_id desc
) = 1;
