-- The assessors' comments in force on one unit's qualitative indicators in a period.
-- grain: one row per (assessor, indicator) with a non-empty comment.
-- parameters: $period (period code), $unit_id, $unit_scope (null = every unit; a scoped viewer's units).
with current_scores as (
    select q.indicator_id, q.assessor, q.level, q.score, q.comment, q.entered_at
    from qualitative_scores_current as q
    where q.period = $period and q.unit_id = $unit_id
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, q.unit_id))
),

final as (
    select cs.indicator_id, cs.assessor, cs.level, cs.score, cs.comment, cs.entered_at
    from current_scores as cs
    where nullif(trim(cs.comment), '') is not null
)

select * from final
order by indicator_id, assessor
