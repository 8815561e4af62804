-- Lineage of measure people_served: the service rows whose people served are summed for one unit.
-- grain: one row per services row. columns: source_file, source_row, row_date, detail, category, numerator
-- (people served on the row), denominator (null). parameters: $start, $end, $unit_id, $category (null = all).
select
    s.source_file,
    s.source_row,
    s.service_date as row_date,
    concat_ws('：', s.category, s.title) as detail,
    cast(null as varchar) as category,
    s.people_served::double as numerator,
    cast(null as double) as denominator
from services as s
where s.unit_id = $unit_id
  and s.service_date >= $start and s.service_date < $end
  and ($category is null or s.category = $category)
  and s.people_served is not null
order by s.service_date, s.source_file, s.source_row
