-- Schema version 3: published (frozen) results of the assessment.
-- grain: one table per concept, documented column by column below (the data dictionary is checked against it).
-- parameters: none. Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- A publication freezes what scoring showed at that moment: the unit rows, indicator lines and adjustment
-- items are copied, not recomputed, so later imports, entries or scheme versions cannot change a published
-- ranking. The application has no update or delete statement for these tables (a test checks queries/).
-- A period may be published again after its data changed: that is a new revision, the old one stays.

create sequence publication_id_seq start 1;

-- One row per publication (结果发布) of a period's result.
create table published_results (
    publication_id integer primary key default nextval('publication_id_seq'),
    period         varchar not null,   -- period code, e.g. '2025'
    revision       integer not null,   -- 1 for the period's first publication, then 2, 3 … for republications
    scheme_id      varchar not null,   -- the scheme version the result was scored under
    scheme_version integer not null,
    scheme_hash    varchar not null,   -- schemes.content_hash of that version
    result_hash    varchar not null,   -- hash of the scoring result (kaohe.scoring.ScoreResult.result_hash)
    dimensions     varchar[] not null, -- the dimension columns of the frozen unit rows, in order
    units          json not null,      -- the frozen ranking: ScoreResult.units as {"columns": [...], "data": [[...]]}
    lines          json not null,      -- the frozen indicator lines (ScoreResult.lines), same layout
    adjustments    json not null,      -- the frozen adjustment items (ScoreResult.adjustments), same layout
    published_by   varchar not null,   -- user name of the secretary who published
    published_at   timestamp not null default current_timestamp,
    note           varchar,            -- optional remark shown with the publication
    unique (period, revision)
);

-- The frozen ranking as rows, for queries and comparisons: one row per unit of a publication.
create table published_units (
    publication_id integer not null,  -- published_results.publication_id
    unit_id        varchar not null,
    unit           varchar not null,  -- the unit's name at publication time
    kind           varchar not null,
    rank           integer not null,  -- overall rank (ties share a rank)
    rank_in_kind   integer not null,
    total          double not null,   -- total points to 0.01
    grade          varchar not null,  -- 等次 after quota and veto
    vetoed         boolean not null,
    primary key (publication_id, unit_id)
);

-- The frozen indicator points as rows: one row per unit and indicator of a publication.
create table published_lines (
    publication_id  integer not null,
    unit_id         varchar not null,
    indicator_id    varchar not null,
    indicator       varchar not null,  -- indicator name at publication time
    points          double not null,   -- points on the indicator's own scale
    weighted_points double not null,   -- points after the component weighting
    primary key (publication_id, unit_id, indicator_id)
);

-- The publication in force for each period: its latest revision.
create view published_results_current as
select p.*
from published_results as p
where p.revision = (select max(later.revision) from published_results as later where later.period = p.period);
