-- The assessors' qualitative scores in force for a period, summed per unit and indicator for the trimmed mean:
-- a level is mapped to its points by the scheme (the relations `method_indicators` and `method_indicator_levels`,
-- the scheme in memory), each score clamped to [0, max points]; entries for indicators the scheme does not score
-- qualitatively, or with a level it does not know, are left out.
-- grain: one row per (unit_id, indicator_id). columns: unit_id, indicator_id, assessors, total, highest, lowest.
-- parameters: $period.
with scores as (
    select
        q.unit_id,
        q.indicator_id,
        greatest(0, least(i.max_points, coalesce(q.score, lv.points))) as score
    from qualitative_scores_current as q
    inner join method_indicators as i on i.indicator_id = q.indicator_id and i.rule = 'qualitative'
    left join method_indicator_levels as lv on lv.indicator_id = q.indicator_id and lv.level = q.level
    where q.period = $period and coalesce(q.score, lv.points) is not null
),

final as (
    select
        s.unit_id,
        s.indicator_id,
        count(*)::double as assessors,
        sum(s.score) as total,
        max(s.score) as highest,
        min(s.score) as lowest
    from scores as s
    group by s.unit_id, s.indicator_id
)

select * from final
