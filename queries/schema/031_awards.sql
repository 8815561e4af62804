-- Schema version 31: the assessors' confirmation of the year's honours (评优评先).
-- grain: award_decisions one row per confirmed unit per confirmation. parameters: none.
-- Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- The scheme's [awards] table says what each grade means (recommended for the honour, eligibility kept or lost,
-- a quota of recommendations); kaohe.awards proposes the list from a publication and the assessors confirm it,
-- unit by unit, each with a reason. Append-only like the other assessor input: a new confirmation is new rows,
-- and award_decisions_current says which decision is in force ("latest wins").
create sequence award_decision_id_seq start 1;
create table award_decisions (
    decision_id    integer primary key default nextval('award_decision_id_seq'),
    period         varchar not null,   -- period code, e.g. '2025'
    publication_id integer not null,   -- published_results.publication_id the decision was confirmed against
    unit_id        varchar not null,
    status         varchar not null,   -- recommended (推荐) | eligible (保留评优资格) | ineligible (取消评优资格)
    reason         varchar not null,   -- why, as the assessors confirmed it (drafted from the scheme's rule)
    decided_by     varchar not null,   -- user name of the assessor who confirmed
    decided_at     timestamp not null default current_timestamp,
    check (status in ('recommended', 'eligible', 'ineligible'))
);

-- The decision in force per period and unit: its latest confirmation.
create view award_decisions_current as
with ranked as (
    select
        d.*,
        row_number() over (partition by d.period, d.unit_id order by d.decided_at desc, d.decision_id desc) as recency
    from award_decisions as d
)

select * exclude (recency) from ranked where recency = 1;
