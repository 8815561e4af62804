-- Put a stored scheme version in force for its period (启用); the latest row per period wins.
-- grain: inserts one row. parameters: $period, $scheme_id, $version, $activated_by, $activated_at, $note.
insert into scheme_activations (period, scheme_id, version, activated_by, activated_at, note)
values ($period, $scheme_id, $version, $activated_by, $activated_at, $note)
