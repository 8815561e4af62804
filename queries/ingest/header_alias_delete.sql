-- Remove one saved header spelling; the shipped alias table is not touched.
-- grain: at most one header_aliases row. parameters: $ledger (varchar), $spelling (varchar, normalised header).
delete from header_aliases
where ledger = $ledger and spelling = $spelling
