-- The reviews in force of a period's credibility flags (kaohe.checks.report merges them with the flags).
-- grain: one row per flag reviewed. columns: unit_id, check_id, subject, fingerprint, verdict, note, reviewed_by,
-- reviewed_at, review_id.
-- parameters: $period.
select
    r.unit_id,
    r.check_id,
    r.subject,
    r.fingerprint,
    r.verdict,
    r.note,
    r.reviewed_by,
    r.reviewed_at,
    r.review_id
from check_reviews_current as r
where r.period = $period
order by r.unit_id, r.check_id, r.subject
