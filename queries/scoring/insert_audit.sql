-- Append one row to the audit log.
-- parameters: $who, $action, $target, $before (JSON text or null), $after (JSON text or null).
insert into audit_log (who, action, target, before, after)
values ($who, $action, $target, $before, $after)
