-- One adjustment row by id, and the id of the row now in force in its place: itself when nothing supersedes it,
-- else the end of its chain of corrections (null when the chain ends in a withdrawal).
-- grain: at most one row. parameters: $adjustment_id.
with recursive chain as (
    select a.adjustment_id as start_id, a.adjustment_id, 0 as depth
    from adjustments as a
    where a.adjustment_id = $adjustment_id
    union all
    select c.start_id, later.adjustment_id, c.depth + 1
    from chain as c
    inner join adjustments as later on later.supersedes = c.adjustment_id
),

chain_end as (
    select arg_max(c.adjustment_id, c.depth) as last_id
    from chain as c
),

final as (
    select
        a.*,
        e.last_id,
        last.withdrawn as last_withdrawn,
        last.entered_by as last_entered_by,
        last.entered_at as last_entered_at
    from adjustments as a
    cross join chain_end as e
    left join adjustments as last on last.adjustment_id = e.last_id
    where a.adjustment_id = $adjustment_id
)

select * from final
