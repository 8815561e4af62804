-- Measure dispute_incidents (categories): disputes registered in [$start, $end) that count against stability
-- (信访稳定), each in its most severe category: 越级上访 (escalated), 未化解 (not resolved), 逾期化解 (resolved
-- more than $overdue_days days after registration). The scheme maps each category to points deducted. A dispute
-- whose outcome or escalation is unknown (NULL: its file had no such column) counts only for what is known.
-- grain: one row per unit and category. columns: unit_id, category, value (incidents), numerator, denominator.
-- parameters: $start, $end (dates, half-open), $overdue_days.
with incidents as (
    select
        d.unit_id,
        case
            when d.escalated then '越级上访'
            when not d.resolved then '未化解'
            when d.resolved_date is not null and d.resolved_date - d.dispute_date > $overdue_days then '逾期化解'
        end as category
    from disputes as d
    where d.dispute_date >= $start and d.dispute_date < $end
),

final as (
    select
        i.unit_id,
        i.category,
        count(*)::double as value,
        count(*)::double as numerator,
        cast(null as double) as denominator
    from incidents as i
    where i.category is not null
    group by i.unit_id, i.category
)

select * from final
