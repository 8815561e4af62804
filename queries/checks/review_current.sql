-- The review in force of one flag, read inside the transaction that adds the next one (to refuse a review made
-- over someone else's, and to log what it replaces).
-- grain: zero or one row. columns: review_id, verdict, note, reviewed_by, reviewed_at, fingerprint.
-- parameters: $period, $unit_id, $check_id, $subject.
select r.review_id, r.verdict, r.note, r.reviewed_by, r.reviewed_at, r.fingerprint
from check_reviews_current as r
where r.period = $period and r.unit_id = $unit_id and r.check_id = $check_id and r.subject = $subject
