-- The ledger rows behind one unit's value of one measure (the lineage the scorecard lists and downloads), from
-- the same declaration scoring sums (kaohe.measures.rows_sql fills in {ledger}, {date}, {detail}, {category},
-- {numerator}, {denominator} and {where}).
-- grain: one row per ledger row counted. columns: source_file, source_row, row_date, detail, category, numerator
-- (what the row adds), denominator (for a rate, else null).
-- parameters: $unit_id, $start, $end (the period up to its cut-off), the measure's arguments.
select
    l.source_file,
    l.source_row,
    l.{date} as row_date,
    {detail} as detail,
    {category} as category,
    ({numerator})::double as numerator,
    ({denominator})::double as denominator
from {ledger} as l
where l.unit_id = $unit_id
  and l.{date} >= $start and l.{date} < $end
  and ({where})
order by row_date, l.source_file, l.source_row
