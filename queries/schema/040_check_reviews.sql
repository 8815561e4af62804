-- Schema version 40: the assessors' reviews of ledger credibility flags (台账可信度核实).
-- grain: check_reviews one row per review made; check_reviews_current one row per flag reviewed. parameters: none.
-- Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- A flag (kaohe/checks.py) is raised by a check on a unit's ledger rows in a period; an assessor marks it 已核实
-- (verified: the rows are genuine) or 需整改 (to be put right) with a note. Reviews are append-only: a later review
-- of the same flag replaces the earlier one in check_reviews_current, and each is also in the audit log
-- (action 'check.review'). A review holds for the rows it was made for (fingerprint): when the rows behind the
-- flag change, the flag is shown unreviewed again. The flags themselves are computed, never stored.

create sequence check_review_id_seq start 1;

create table check_reviews (
    review_id   integer primary key default nextval('check_review_id_seq'),
    period      varchar not null,   -- period code, e.g. '2025'
    unit_id     varchar not null,   -- the unit whose ledger rows were flagged
    check_id    varchar not null,   -- the check that raised the flag, e.g. 'burst' (kaohe.checks.CHECKS)
    subject     varchar not null,   -- what in the unit it is about: 'services', 'deeds', 'meetings', 'cases',
                                    -- 'counts', or a meeting type
    fingerprint varchar not null,   -- sha256 of the flagged rows (files and row numbers) the review was made for
    verdict     varchar not null,   -- 'verified' (已核实) or 'rectify' (需整改)
    note        varchar not null,   -- the assessor's note: what was checked, what must be put right
    reviewed_by varchar not null,   -- user name
    reviewed_at timestamp not null default current_timestamp,
    check (verdict in ('verified', 'rectify'))
);

-- The review in force per flag: its latest row.
create view check_reviews_current as
select r.*
from check_reviews as r
qualify row_number() over (
    partition by r.period, r.unit_id, r.check_id, r.subject order by r.reviewed_at desc, r.review_id desc
) = 1;
