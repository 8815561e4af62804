-- The assessors' qualitative scores in force for a period, as points: a level is mapped to its points by the
-- scheme (the relations `method_indicators` and `method_indicator_levels`, the scheme in memory); entries for
-- indicators the scheme does not score qualitatively, or with a level it does not know, are left out.
-- grain: one row per (unit_id, indicator_id, assessor). columns: unit_id, indicator_id, assessor, score.
-- parameters: $period.
with scores as (
    select q.unit_id, q.indicator_id, q.assessor, coalesce(q.score, lv.points) as score
    from qualitative_scores_current as q
    inner join method_indicators as i on i.indicator_id = q.indicator_id and i.rule = 'qualitative'
    left join method_indicator_levels as lv on lv.indicator_id = q.indicator_id and lv.level = q.level
    where q.period = $period
),

final as (
    select s.* from scores as s where s.score is not null
)

select * from final
