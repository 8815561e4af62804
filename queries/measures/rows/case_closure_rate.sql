-- Lineage of measure case_closure_rate: every case received (denominator 1), closed ones with numerator 1.
-- grain: one row per cases row. parameters: $start, $end, $unit_id, $kind (null = both kinds).
select
    c.source_file,
    c.source_row,
    c.received_date as row_date,
    concat_ws('：', concat_ws('·', c.kind, c.type), c.title) || '（' || c.status || '）' as detail,
    cast(null as varchar) as category,
    case when c.status = '已办结' then 1.0 else 0.0 end as numerator,
    1.0 as denominator
from cases as c
where c.unit_id = $unit_id
  and c.received_date >= $start and c.received_date < $end
  and ($kind is null or c.kind = $kind)
  and c.status is not null
order by c.received_date, c.source_file, c.source_row
