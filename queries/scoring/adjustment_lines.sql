-- Adjustment lines: every bonus (加分), deduction (扣分) and veto (一票否决) item in force for the scored units,
-- with the points the scheme gives it and whether it counts. Rule 8 lives here: tiered points by level, fixed
-- points per item, or entered points within the category's bound; "any one of" categories (combine = 'max')
-- count only their best item. The pool caps are applied per unit in unit_results.sql.
-- grain: one row per adjustment in force (adjustments_current) for a unit active in [$start, $end).
-- The scheme's categories come as the relations `method_adjustment_categories` and `method_adjustment_levels`.
-- parameters: $period (code keying the adjustments), $start, $end.
with items as (
    select a.*
    from adjustments_current as a
    inner join units as u on u.unit_id = a.unit_id
    where a.period = $period
      and (u.active_from is null or u.active_from < $end)
      and (u.active_to is null or u.active_to > $start)
),

priced as (
    select
        i.*,
        ac.combine,
        ac.category is not null as known_category,
        case
            when i.type = 'veto' then 0
            when al.points is not null then al.points
            when ac.points is not null then ac.points
            when ac.max_points is not null then greatest(0, least(coalesce(i.points, 0), ac.max_points))
            else 0
        end as item_points
    from items as i
    left join method_adjustment_categories as ac
        on ac.type = i.type and ac.category = i.category
    left join method_adjustment_levels as al
        on al.type = i.type and al.category = i.category and al.level = i.level
),

ranked as (
    select
        p.*,
        row_number() over (
            partition by p.unit_id, p.type, p.category
            order by p.item_points desc, p.adjustment_id
        ) as best_first
    from priced as p
),

final as (
    select
        r.adjustment_id,
        r.unit_id,
        r.type,
        r.category,
        r.level,
        r.reason,
        r.evidence,
        r.entered_at,
        r.entered_by,
        r.item_points,
        r.known_category and (r.combine = 'sum' or r.best_first = 1) as counted,
        case when r.known_category and (r.combine = 'sum' or r.best_first = 1) then r.item_points else 0 end
            as counted_points,
        case
            when not r.known_category then '评分办法中没有「' || r.category || '」这一类别，不计分'
            when r.type = 'veto' then '一票否决：' || r.category
            when r.combine = 'max' and r.best_first > 1 then '同类只取最高一项，本项不重复计分'
            else format('{:.10g}', r.item_points) || ' 分'
        end as explanation
    from ranked as r
)

select * from final
order by unit_id, type, category, adjustment_id
