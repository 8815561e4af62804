-- Lineage of measure dispute_resolution_rate: every dispute registered (denominator 1), resolved ones with
-- numerator 1. grain: one row per disputes row. parameters: $start, $end, $unit_id.
select
    d.source_file,
    d.source_row,
    d.dispute_date as row_date,
    concat_ws('：', d.type, d.summary) || case when d.resolved then '（已化解）' else '（未化解）' end as detail,
    cast(null as varchar) as category,
    case when d.resolved then 1.0 else 0.0 end as numerator,
    1.0 as denominator
from disputes as d
where d.unit_id = $unit_id
  and d.dispute_date >= $start and d.dispute_date < $end
  and d.resolved is not null
order by d.dispute_date, d.source_file, d.source_row
