-- Lineage of measure dispute_incidents: the disputes of one unit that count as incidents, with their category.
-- grain: one row per disputes row that counts. columns: source_file, source_row, row_date, detail, category,
-- numerator (1), denominator (null). parameters: $start, $end, $unit_id, $overdue_days.
with incidents as (
    select
        d.*,
        case
            when d.escalated then '越级上访'
            when not d.resolved then '未化解'
            when d.resolved_date is not null and d.resolved_date - d.dispute_date > $overdue_days then '逾期化解'
        end as incident
    from disputes as d
    where d.unit_id = $unit_id
      and d.dispute_date >= $start and d.dispute_date < $end
),

final as (
    select
        i.source_file,
        i.source_row,
        i.dispute_date as row_date,
        concat_ws('：', i.type, i.summary) as detail,
        i.incident as category,
        1.0 as numerator,
        cast(null as double) as denominator
    from incidents as i
    where i.incident is not null
)

select * from final order by row_date, source_file, source_row
