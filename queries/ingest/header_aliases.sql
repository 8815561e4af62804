-- The header spellings users saved, for the importer and for the import page's list.
-- grain: one row per ledger and normalised spelling. parameters: none.
select ha.ledger, ha.spelling, ha.header, ha.field, ha.saved_by, ha.saved_at
from header_aliases as ha
order by ha.ledger, ha.header
