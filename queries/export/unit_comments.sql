-- The qualitative scores in force for a period with their comments, for the report cards and the comments sheet.
-- grain: one row per (assessor, unit, indicator) in qualitative_scores_current that carries a comment.
-- The scheme whose indicator names are shown comes as the relation `method_indicators`.
-- parameters: $period (period code), $unit_scope (the unit_ids to restrict to, null = every unit).
with scores as (
    select q.*
    from qualitative_scores_current as q
    where q.period = $period
      and q.comment is not null
      and trim(q.comment) <> ''
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, q.unit_id))
),

final as (
    select
        s.unit_id,
        u.name as unit,
        s.indicator_id,
        coalesce(i.name, s.indicator_id) as indicator,
        s.assessor,
        s.score,
        s.level,
        s.comment,
        s.entered_at
    from scores as s
    left join units as u on u.unit_id = s.unit_id
    left join method_indicators as i on i.indicator_id = s.indicator_id
)

select * from final
order by unit_id, indicator_id, assessor
