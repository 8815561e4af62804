-- Lineage of measure meeting_attendance_rate: the meetings whose attendees (numerator) and expected members
-- (denominator) are summed for one unit. grain: one row per meetings row. parameters: $start, $end, $unit_id,
-- $meeting_type (null = every type).
select
    m.source_file,
    m.source_row,
    m.meeting_date as row_date,
    concat_ws('：', m.meeting_type, m.topic) as detail,
    cast(null as varchar) as category,
    m.attendees::double as numerator,
    m.members_total::double as denominator
from meetings as m
where m.unit_id = $unit_id
  and m.meeting_date >= $start and m.meeting_date < $end
  and ($meeting_type is null or m.meeting_type = $meeting_type)
  and m.attendees is not null and m.members_total > 0
order by m.meeting_date, m.source_file, m.source_row
