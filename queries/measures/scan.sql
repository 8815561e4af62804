-- One grouped scan of one ledger for a scored period: per unit, the sums of every measure the scheme uses on
-- that ledger. kaohe.measures.scan_sql fills in the ledger's table and date column and the aggregate columns: one
-- `sum(case when ... end)` (or a count per category, or a bitmask of months) per measure and argument set, each
-- built from the measure's declaration in kaohe/measures.py; their arguments are bound as $m<i>_<name>.
-- grain: one row per unit with at least one row of the ledger in [$start, $end).
-- parameters: $start, $end (the period up to its cut-off, half-open), the measures' arguments.
select
    l.unit_id,
    {aggregates}
from {ledger} as l
where l.{date} >= $start and l.{date} < $end
group by l.unit_id
