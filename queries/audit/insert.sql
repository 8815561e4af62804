-- Append one row to the audit log (the only statement that writes audit_log; there is no update or delete).
-- grain: one new row. parameters: $who, $action, $target, $before (JSON text or null), $after (JSON text or null).
insert into audit_log (who, action, target, before, after)
values ($who, $action, $target, $before, $after)
