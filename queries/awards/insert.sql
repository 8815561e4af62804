-- Confirm one unit's honour decision for a publication (append-only: a later row for the unit wins).
-- grain: one award_decisions row. parameters: $period, $publication_id, $unit_id, $status, $reason, $decided_by,
-- $decided_at.
insert into award_decisions (period, publication_id, unit_id, status, reason, decided_by, decided_at)
values ($period, $publication_id, $unit_id, $status, $reason, $decided_by, $decided_at)
