-- Lineage of measure case_count: the case rows counted for one unit.
-- grain: one row per cases row. columns: source_file, source_row, row_date, detail, category, numerator (1),
-- denominator (null). parameters: $start, $end, $unit_id, $kind (null = both kinds).
select
    c.source_file,
    c.source_row,
    c.received_date as row_date,
    concat_ws('：', concat_ws('·', c.kind, c.type), c.title) as detail,
    cast(null as varchar) as category,
    1.0 as numerator,
    cast(null as double) as denominator
from cases as c
where c.unit_id = $unit_id
  and c.received_date >= $start and c.received_date < $end
  and ($kind is null or c.kind = $kind)
order by c.received_date, c.source_file, c.source_row
