-- Append one review of a credibility flag (kaohe.checks.review, in the transaction that also writes the audit log).
-- grain: one new check_reviews row; returns its review_id.
-- parameters: $period, $unit_id, $check_id, $subject, $fingerprint, $verdict, $note, $reviewed_by, $reviewed_at.
insert into check_reviews (period, unit_id, check_id, subject, fingerprint, verdict, note, reviewed_by, reviewed_at)
values ($period, $unit_id, $check_id, $subject, $fingerprint, $verdict, $note, $reviewed_by, $reviewed_at)
returning review_id
