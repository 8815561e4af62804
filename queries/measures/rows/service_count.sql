-- Lineage of measure service_count: the service rows counted for one unit.
-- grain: one row per services row. columns: source_file, source_row, row_date, detail, category, numerator
-- (1 per row counted), denominator (null). parameters: $start, $end, $unit_id, $category (null = every category).
select
    s.source_file,
    s.source_row,
    s.service_date as row_date,
    concat_ws('：', s.category, s.title) as detail,
    cast(null as varchar) as category,
    1.0 as numerator,
    cast(null as double) as denominator
from services as s
where s.unit_id = $unit_id
  and s.service_date >= $start and s.service_date < $end
  and ($category is null or s.category = $category)
order by s.service_date, s.source_file, s.source_row
