-- Rectification items as they now stand (rectification_items_current), with the unit's name and whether each is
-- overdue, within the viewer's units.
-- grain: one row per item. parameters: $period (varchar: one period's items; null = any), $year (integer: items of
-- periods in that year, for "last year's items"; null = any), $unit_id (varchar; null = every unit), $unit_scope
-- (varchar[], a scoped viewer's units; null = every unit), $today (date: an item is overdue when its deadline has
-- passed and it is neither reported nor closed).
with current_items as (
    select r.*
    from rectification_items_current as r
    where (cast($period as varchar) is null or r.period = $period)
      and (cast($year as integer) is null or left(r.period, 4) = cast($year as varchar))
      and (cast($unit_id as varchar) is null or r.unit_id = $unit_id)
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, r.unit_id))
),

final as (
    select
        c.item_id,
        c.period,
        c.unit_id,
        coalesce(u.name, c.unit_id) as unit,
        c.basis,
        c.indicator_id,
        c.indicator,
        c.points_lost,
        c.requirement,
        c.responsible,
        c.deadline,
        c.status,
        c.evidence,
        c.entered_by,
        c.entered_at,
        c.deadline < cast($today as date) and c.status in ('open', 'in_progress') as overdue
    from current_items as c
    left join units as u on u.unit_id = c.unit_id
)

select * from final
order by period desc, unit_id, points_lost desc nulls first, item_id
