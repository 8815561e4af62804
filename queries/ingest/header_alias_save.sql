-- Save one header spelling for a ledger (a later save of the same spelling replaces it).
-- grain: one header_aliases row. parameters: $ledger, $spelling (normalised), $header (as spelled), $field
-- ('' = leave such a column out), $saved_by.
insert or replace into header_aliases (ledger, spelling, header, field, saved_by, saved_at)
values ($ledger, $spelling, $header, $field, $saved_by, current_timestamp)
