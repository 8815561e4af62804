-- Lineage of measure meeting_count: the meeting rows counted for one unit.
-- grain: one row per meetings row. columns: source_file, source_row, row_date, detail, category, numerator (1),
-- denominator (null). parameters: $start, $end, $unit_id, $meeting_type.
select
    m.source_file,
    m.source_row,
    m.meeting_date as row_date,
    concat_ws('：', m.meeting_type, m.topic) as detail,
    cast(null as varchar) as category,
    1.0 as numerator,
    cast(null as double) as denominator
from meetings as m
where m.unit_id = $unit_id
  and m.meeting_date >= $start and m.meeting_date < $end
  and m.meeting_type = $meeting_type
order by m.meeting_date, m.source_file, m.source_row
