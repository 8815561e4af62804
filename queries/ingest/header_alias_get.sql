-- One saved header spelling, for the audit log's "before" (none when it is new).
-- grain: at most one row. parameters: $ledger (varchar), $spelling (varchar, normalised header).
select ha.header, ha.field, ha.saved_by
from header_aliases as ha
where ha.ledger = $ledger and ha.spelling = $spelling
