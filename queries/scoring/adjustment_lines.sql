-- Adjustment lines: every bonus (加分), deduction (扣分) and veto (一票否决) item in force for the scored units,
-- with the points the scheme gives it and whether it counts. Rule 8 lives here: tiered points by level, fixed
-- points per item, or entered points within the category's bound; "any one of" categories (combine = 'max')
-- count only their best item; a category with its own cap counts items in order until the cap is reached (e.g.
-- 问责 by role: 书记 10, 班子成员 5, 支部书记 2 per person, at most 10 in all). The pool caps are applied per unit
-- in kaohe.scoring.grade_units.
-- grain: one row per adjustment in force (adjustments_current) for a unit active in [$start, $end).
-- The scheme's categories come as the relations `method_adjustment_categories` and `method_adjustment_levels`.
-- parameters: $period (code keying the adjustments), $start, $end.
-- explain_kind says why an item counts as it does (unknown_category, veto, best_only, capped, level, points).
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
        ac.cap as category_cap,
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

capped as (
    -- A category with its own cap gives a unit at most that much in all: items count in order until it is reached.
    select
        r.*,
        r.known_category and (r.combine = 'sum' or r.best_first = 1) as counts,
        coalesce(sum(r.item_points) over (
            partition by r.unit_id, r.type, r.category order by r.best_first
            rows between unbounded preceding and 1 preceding
        ), 0) as before_item
    from ranked as r
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
        r.counts as counted,
        case
            when not r.counts then 0
            when r.category_cap is null then r.item_points
            else greatest(0, least(r.item_points, r.category_cap - r.before_item))
        end as counted_points,
        r.category_cap,
        -- why the item counts as it does, put into words by kaohe.scoring.adjustment_explanations
        case
            when not r.known_category then 'unknown_category'
            when r.type = 'veto' then 'veto'
            when r.combine = 'max' and r.best_first > 1 then 'best_only'
            when r.category_cap is not null and r.before_item + r.item_points > r.category_cap then 'capped'
            when r.level is not null then 'level'
            else 'points'
        end as explain_kind
    from capped as r
)

select * from final
order by unit_id, type, category, adjustment_id
