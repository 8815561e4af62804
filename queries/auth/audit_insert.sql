-- One audit log row for a sign-in event or an account change (until kaohe.audit provides record()).
-- grain: inserts one row. parameters: $who, $action, $target, $before, $after (json text or null).
insert into audit_log (who, action, target, before, after)
values ($who, $action, $target, $before, $after)
