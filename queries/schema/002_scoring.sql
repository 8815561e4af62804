-- Schema version 2: the scoring method (scheme) tables, the assessors' append-only input, and the audit log.
-- grain: one table per concept, documented column by column below (the data dictionary is checked against it).
-- parameters: none. Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- Scheme tables are keyed by (scheme_id, version): a saved change is a new version, never an overwrite, so
-- a published result can always be re-scored under the exact scheme it used. kaohe.scheme loads them from
-- data/schemes/*.toml. Assessor input is append-only: corrections are new rows, and the *_current views
-- say which rows are in force ("latest wins").

-- One row per scheme version (评分办法).
create table schemes (
    scheme_id     varchar not null,   -- the scheme's id from [scheme] id, e.g. '2025'
    version       integer not null,   -- version number; a saved change gets the next one
    name          varchar not null,   -- title shown on exports, e.g. '2025年度党支部考核评分办法'
    period        varchar not null,   -- period code the targets are written for ('2025'); targets pro-rate from it
    total_points  double not null,    -- declared total of the indicators' max points (100)
    bonus_cap     double not null,    -- most bonus (加分) points a unit can receive in total
    deduction_cap double not null,    -- most deduction (扣分) points a unit can lose in total
    quota_grade   varchar,            -- grade with a quota (e.g. '优秀'), null when none
    quota_share   double,             -- share of all scored units that may hold quota_grade (rounded down)
    tie_break     varchar[] not null, -- order used at the quota boundary: 'dimension:<name>' (desc) or 'name' (asc)
    content_hash  varchar not null,   -- sha256 of the normalised definition; part of every result hash
    source_file   varchar,            -- the TOML file it was loaded from
    definition    json not null,      -- the whole definition as JSON, for display and diffing versions
    loaded_at     timestamp not null default current_timestamp,
    primary key (scheme_id, version)
);

-- One row per dimension (考核维度), in display order.
create table scheme_dimensions (
    scheme_id varchar not null,
    version   integer not null,
    position  integer not null,  -- 1-based display order
    dimension varchar not null,  -- e.g. '组织建设'
    primary key (scheme_id, version, dimension)
);

-- One row per weighted component (e.g. 定量 70%, 定性 30%); absent when the scheme does not weight.
create table scheme_components (
    scheme_id  varchar not null,
    version    integer not null,
    component  varchar not null,  -- e.g. '定量'
    weight     double not null,   -- share of the total (weights add up to 1)
    max_points double not null,   -- sum of its indicators' max points
    factor     double not null,   -- weight * total_points / max_points: turns points into weighted points
    primary key (scheme_id, version, component)
);

-- One row per indicator (考核指标).
create table indicators (
    scheme_id       varchar not null,
    version         integer not null,
    indicator_id    varchar not null,  -- stable id, e.g. 'svc_count'
    position        integer not null,  -- 1-based display order
    name            varchar not null,  -- e.g. '便民服务次数'
    dimension       varchar not null,  -- one of scheme_dimensions
    component       varchar,           -- one of scheme_components, null when unweighted
    factor          double not null,   -- points * factor = weighted points (1 when unweighted)
    measure         varchar,           -- name of queries/measures/<measure>.sql; null for qualitative
    measure_kind    varchar,           -- count | rate | items | categories (only counts pro-rate targets)
    args            json not null,     -- measure arguments, e.g. {"meeting_type": "支委会"}
    max_points      double not null,   -- 满分
    rule            varchar not null,  -- ratio | linear | ladder | all_or_nothing | deduct_per_item |
                                       -- per_item_credit | per_incident | qualitative
    cap             double,            -- ratio: most actual/target counts (1.0 = no credit above target)
    base_points     double,            -- linear: points at exactly the target
    step            double,            -- linear: size of one step of actual (e.g. 0.10 = 10 points of a rate)
    points_per_step double,            -- linear: points gained or lost per step
    per_item        double,            -- deduct_per_item: points per missing item; per_item_credit: per item
    prorate         boolean not null,  -- targets scale with the share of the period the unit was active
    no_data         varchar not null,  -- 'zero' or 'full': points when the measure has no denominator
    trim_from       integer,           -- qualitative: drop highest and lowest from this many assessors on
    description     varchar,           -- the rule in words, shown on the method sheet
    primary key (scheme_id, version, indicator_id)
);

-- Targets: one row per indicator and unit kind ('*' = every kind without its own row).
create table targets (
    scheme_id    varchar not null,
    version      integer not null,
    indicator_id varchar not null,
    unit_kind    varchar not null,  -- '社区', '机关' … or '*'
    basis        varchar not null,  -- 'fixed' (value as is) or 'per_member' (value * units.members)
    value        double not null,   -- target before pro-rating; <= 0 means "not required" (full points)
    primary key (scheme_id, version, indicator_id, unit_kind)
);

-- Ladder steps: one row per threshold of a ladder indicator.
create table ladder_steps (
    scheme_id    varchar not null,
    version      integer not null,
    indicator_id varchar not null,
    threshold    double not null,  -- reached when the compared value (actual, or actual/target) >= threshold
    points       double not null,  -- points at this step; below every threshold: 0
    primary key (scheme_id, version, indicator_id, threshold)
);

-- Named levels: qualitative levels (好/较好/一般/差 → points) and per-incident severities (→ points deducted).
create table indicator_levels (
    scheme_id    varchar not null,
    version      integer not null,
    indicator_id varchar not null,
    level        varchar not null,  -- level or severity name as entered or produced by the measure
    points       double not null,   -- points awarded (qualitative) or deducted per occurrence (per_incident)
    primary key (scheme_id, version, indicator_id, level)
);

-- Bonus, deduction and veto categories an assessor may use.
create table adjustment_categories (
    scheme_id  varchar not null,
    version    integer not null,
    type       varchar not null,  -- 'bonus' | 'deduction' | 'veto'
    category   varchar not null,  -- e.g. '荣誉表彰'
    combine    varchar not null,  -- 'sum' (cumulative) or 'max' (any one of: only the best item counts)
    points     double,            -- fixed points per item, when the category has no levels
    max_points double,            -- when neither points nor levels: entered points must lie in [0, max_points]
    primary key (scheme_id, version, type, category)
);

-- Tiered points of a bonus or deduction category by level (区级 +1, 市级 +2, 省级 +3).
create table adjustment_levels (
    scheme_id varchar not null,
    version   integer not null,
    type      varchar not null,
    category  varchar not null,
    level     varchar not null,
    points    double not null,
    primary key (scheme_id, version, type, category, level)
);

-- Grade bands (等次), highest first.
create table grade_bands (
    scheme_id varchar not null,
    version   integer not null,
    position  integer not null,  -- 1 = highest grade
    grade     varchar not null,  -- e.g. '优秀'
    min_total double not null,   -- lowest total that reaches the band
    primary key (scheme_id, version, grade)
);

-- Qualitative scores (定性评价), append-only: one row per entry; a later entry for the same
-- (period, assessor, unit, indicator) replaces the earlier one, and an entry with neither score nor level
-- withdraws it.
create sequence qualitative_score_id_seq start 1;
create table qualitative_scores (
    score_id     integer primary key default nextval('qualitative_score_id_seq'),
    period       varchar not null,  -- period code, e.g. '2025'
    assessor     varchar not null,  -- the assessor whose score this is (考核组成员)
    unit_id      varchar not null,
    indicator_id varchar not null,  -- a qualitative indicator of the period's scheme
    score        double,            -- points given, within [0, max points]
    level        varchar,           -- or a graded level (好/较好/一般/差) mapped by indicator_levels
    comment      varchar,
    entered_at   timestamp not null default current_timestamp,
    entered_by   varchar not null,  -- who typed it in (may differ from the assessor)
    source_file  varchar,           -- file it was loaded from, when loaded from a file
    source_row   integer
);

-- The qualitative scores in force: the latest entry per (period, assessor, unit, indicator), withdrawals dropped.
create view qualitative_scores_current as
with ranked as (
    select
        q.*,
        row_number() over (
            partition by q.period, q.assessor, q.unit_id, q.indicator_id
            order by q.entered_at desc, q.score_id desc
        ) as recency
    from qualitative_scores as q
)
select * exclude (recency)
from ranked
where recency = 1 and (score is not null or level is not null);

-- Bonus (加分), deduction (扣分) and veto (一票否决) items, append-only. A correction is a new row naming the
-- row it replaces in `supersedes`; a withdrawal is a new row with withdrawn = true.
create sequence adjustment_id_seq start 1;
create table adjustments (
    adjustment_id integer primary key default nextval('adjustment_id_seq'),
    period        varchar not null,
    unit_id       varchar not null,
    type          varchar not null,  -- 'bonus' | 'deduction' | 'veto'
    category      varchar not null,  -- a category of adjustment_categories, e.g. '荣誉表彰'
    level         varchar,           -- tier within the category, e.g. '市级'
    points        double,            -- entered points, used only by categories without fixed or tiered points
    reason        varchar not null,  -- what happened
    evidence      varchar,           -- where the proof is (document number, file)
    supersedes    integer,           -- adjustment_id this row corrects or withdraws
    withdrawn     boolean not null default false,
    entered_at    timestamp not null default current_timestamp,
    entered_by    varchar not null,
    source_file   varchar,
    source_row    integer
);

-- The adjustments in force: rows no later row supersedes, withdrawals dropped.
create view adjustments_current as
select a.*
from adjustments as a
where not a.withdrawn
  and not exists (select 1 from adjustments as later where later.supersedes = a.adjustment_id);

-- Audit log (操作日志): one row per write by a person; never updated or deleted by the application.
create sequence audit_id_seq start 1;
create table audit_log (
    audit_id    integer primary key default nextval('audit_id_seq'),
    logged_at   timestamp not null default current_timestamp,
    who         varchar not null,  -- user name
    action      varchar not null,  -- e.g. 'scheme.load', 'assessments.load', 'adjustment.add'
    target      varchar not null,  -- what was written, e.g. 'scheme 2025 v1' or a file name
    before      json,              -- state before (null for inserts)
    after       json               -- state after, or a summary for bulk writes
);
