-- Indicator lines: the points of every scored unit on every indicator of one scheme version, with the rule,
-- the target, the actual value and a sentence that explains the points. THE one place where rule arithmetic
-- lives: change a rule here and nowhere else.
-- grain: one row per (unit_id, indicator_id), for units active at some time in [$start, $end).
-- inputs: units, qualitative_scores_current, the scheme as the relations `method_indicators`, `method_targets`,
--   `method_ladder_steps`, `method_indicator_levels` (kaohe.scheme.method_relations: the scheme in memory, so a
--   draft scores without being stored), `method_indicators.due_share` (the share of a count target due by the
--   cut-off: 1 for a whole period) and the relation `measure_values` (indicator_id, unit_id, kind, category,
--   value, numerator, denominator) registered by kaohe.scoring from the queries/measures/ files.
-- Rules stated here for every family: an indicator whose target for the unit is 0 or less is not required of it
--   (full points); a target not yet due at the cut-off (due share 0) is not owed yet (full points); a qualitative
--   indicator nobody has scored is pending (待评): 0 points, or with $estimate_pending (a period in progress) the
--   unit's rate on the indicators already scored times the indicator's max, so a year in progress is not graded
--   as if its qualitative part had failed.
-- parameters: $start, $end (the scored period, half-open; activity and pro-rating use it whole), $period (its
--   code, which keys the qualitative scores), $scheme_start, $scheme_end (the period the targets are written
--   for), $estimate_pending (boolean).
with scheme_indicators as (
    select i.*
    from method_indicators as i
),

scored_units as (
    -- Share of the scheme's period the unit was active inside the scored period, in whole calendar months
    -- (a month counts when the unit was active from its first day to its end, as for owed meetings): targets
    -- of count measures scale with it, so a branch founded on 1 July owes exactly half a year's target.
    select
        u.unit_id,
        u.name as unit,
        u.kind,
        u.community,
        u.members,
        greatest(0, date_diff(
            'month',
            case
                when u.active_from is null or u.active_from <= cast($start as date) then cast($start as date)
                when day(u.active_from) = 1 then u.active_from
                else cast(date_trunc('month', u.active_from) + interval 1 month as date)
            end,
            case
                when u.active_to is null or u.active_to >= cast($end as date) then cast($end as date)
                else cast(date_trunc('month', u.active_to) as date)
            end
        )) / date_diff('month', cast($scheme_start as date), cast($scheme_end as date)) as active_share
    from units as u
    where (u.active_from is null or u.active_from < $end)
      and (u.active_to is null or u.active_to > $start)
),

measure_totals as (
    select
        mv.indicator_id,
        mv.unit_id,
        sum(mv.value) as value,
        sum(mv.numerator) as numerator,
        sum(mv.denominator) as denominator
    from measure_values as mv
    group by mv.indicator_id, mv.unit_id
),

incident_points as (
    -- per_incident: each category's count times its severity from the scheme.
    select
        mv.indicator_id,
        mv.unit_id,
        sum(mv.value * lv.points) as deducted,
        string_agg(mv.category || ' ' || format('{:.10g}', mv.value) || ' 起 × ' || format('{:.10g}', lv.points),
                   '，' order by lv.points desc, mv.category) as detail
    from measure_values as mv
    inner join method_indicator_levels as lv
        on lv.indicator_id = mv.indicator_id and lv.level = mv.category
    group by mv.indicator_id, mv.unit_id
),

assessor_scores as (
    -- qualitative: one score per assessor (a level is mapped to its points), clamped to [0, max].
    select
        q.unit_id,
        q.indicator_id,
        greatest(0, least(si.max_points, coalesce(q.score, lv.points))) as score
    from qualitative_scores_current as q
    inner join scheme_indicators as si on si.indicator_id = q.indicator_id and si.rule = 'qualitative'
    left join method_indicator_levels as lv
        on lv.indicator_id = q.indicator_id and lv.level = q.level
    where q.period = $period
      and coalesce(q.score, lv.points) is not null
),

qualitative_means as (
    -- 去掉最高分和最低分: with trim_from or more assessors, one highest and one lowest score are dropped.
    select
        a.unit_id,
        a.indicator_id,
        count(*) as assessors,
        case
            when count(*) >= any_value(si.trim_from)
                then (sum(a.score) - max(a.score) - min(a.score)) / (count(*) - 2)
            else avg(a.score)
        end as mean_score,
        count(*) >= any_value(si.trim_from) as trimmed
    from assessor_scores as a
    inner join scheme_indicators as si on si.indicator_id = a.indicator_id
    group by a.unit_id, a.indicator_id
),

unit_indicators as (
    select
        su.*,
        si.indicator_id,
        si.position,
        si.name as indicator,
        si.dimension,
        si.component,
        si.factor,
        si.measure,
        si.measure_kind,
        si.rule,
        si.max_points,
        si.cap,
        si.base_points,
        si.step,
        si.points_per_step,
        si.per_item,
        si.prorate,
        si.no_data,
        si.due_share,
        coalesce(own.basis, dflt.basis) as target_basis,
        coalesce(own.value, dflt.value) as target_value,
        mt.numerator,
        mt.denominator,
        case
            when si.rule = 'qualitative' then qm.mean_score
            when si.measure_kind = 'rate' then mt.numerator / nullif(mt.denominator, 0)
            else coalesce(mt.value, 0)
        end as actual,
        ip.deducted as incident_deducted,
        ip.detail as incident_detail,
        qm.assessors,
        qm.trimmed
    from scored_units as su
    cross join scheme_indicators as si
    left join method_targets as own
        on own.indicator_id = si.indicator_id and own.unit_kind = su.kind
    left join method_targets as dflt
        on dflt.indicator_id = si.indicator_id and dflt.unit_kind = '*'
    left join measure_totals as mt on mt.indicator_id = si.indicator_id and mt.unit_id = su.unit_id
    left join incident_points as ip on ip.indicator_id = si.indicator_id and ip.unit_id = su.unit_id
    left join qualitative_means as qm on qm.indicator_id = si.indicator_id and qm.unit_id = su.unit_id
),

full_targets as (
    select
        ui.*,
        case
            when ui.target_value is null then null
            else ui.target_value
                * case when ui.target_basis = 'per_member' then ui.members else 1 end
                * case when ui.prorate and ui.measure_kind = 'count' then ui.active_share else 1 end
        end as target_full
    from unit_indicators as ui
),

with_targets as (
    -- Before the cut-off only the part of a count target due by then is owed (kaohe.pace.expected_share).
    select
        ft.*,
        ft.target_full * case when ft.measure_kind = 'count' then ft.due_share else 1 end as target,
        ft.rule = 'qualitative' and ft.actual is null as pending
    from full_targets as ft
),

compared as (
    -- A ladder with a target climbs on actual / target (completion); without one, on the actual itself.
    select
        wt.*,
        case when wt.target > 0 then wt.actual / wt.target else wt.actual end as ladder_value
    from with_targets as wt
),

ladder_points as (
    -- 1e-9 absorbs binary rounding, so that 19 / 20 reaches a 0.95 step.
    select c.unit_id, c.indicator_id, max(ls.points) as points
    from compared as c
    inner join method_ladder_steps as ls
        on ls.indicator_id = c.indicator_id and c.ladder_value + 1e-9 >= ls.threshold
    where c.rule = 'ladder'
    group by c.unit_id, c.indicator_id
),

raw_points as (
    select
        c.*,
        case
            when c.target_full <= 0 or c.target <= 0 then c.max_points
            when c.actual is null and c.rule in ('ratio', 'linear', 'ladder', 'all_or_nothing') then
                case c.no_data when 'full' then c.max_points else 0 end
            else case c.rule
                when 'ratio' then c.max_points * least(c.actual / c.target, c.cap)
                when 'linear' then greatest(0, least(c.max_points,
                    c.base_points + (c.actual - c.target) / c.step * c.points_per_step))
                when 'ladder' then coalesce(lp.points, 0)
                when 'all_or_nothing' then case when c.actual + 1e-9 >= c.target then c.max_points else 0 end
                when 'deduct_per_item' then greatest(0, c.max_points - c.per_item * c.actual)
                when 'per_item_credit' then least(c.max_points, c.per_item * c.actual)
                when 'per_incident' then greatest(0, c.max_points - coalesce(c.incident_deducted, 0))
                when 'qualitative' then coalesce(c.actual, 0)
            end
        end as raw_points
    from compared as c
    left join ladder_points as lp on lp.unit_id = c.unit_id and lp.indicator_id = c.indicator_id
),

rounded as (
    -- Points are kept to 0.01 as on a paper score sheet; via decimal so that 2.675 rounds to 2.68.
    select
        rp.*,
        round(cast(rp.raw_points as decimal(18, 6)), 2)::double as points,
        case
            when rp.measure_kind = 'rate' then format('{:.1f}', 100 * rp.actual) || '%'
            else format('{:.10g}', round(rp.actual, 2))
        end as actual_text,
        case
            when rp.measure_kind = 'rate' then format('{:.1f}', 100 * rp.target) || '%'
            else format('{:.10g}', round(rp.target, 2))
        end as target_text
    from raw_points as rp
),

unit_rates as (
    -- Each unit's share of the weighted points it could earn on the indicators already scored.
    select r.unit_id, sum(r.points * r.factor) / nullif(sum(r.max_points * r.factor), 0) as rate
    from rounded as r
    where not r.pending
    group by r.unit_id
),

estimated as (
    select
        r.* replace (
            case
                when r.pending and $estimate_pending
                    then round(cast(r.max_points * coalesce(ur.rate, 0) as decimal(18, 6)), 2)::double
                else r.points
            end as points
        ),
        ur.rate as unit_rate
    from rounded as r
    left join unit_rates as ur on ur.unit_id = r.unit_id
),

final as (
    select
        r.unit_id,
        r.unit,
        r.kind,
        r.community,
        r.dimension,
        r.position,
        r.indicator_id,
        r.indicator,
        r.component,
        r.rule,
        r.measure,
        r.max_points,
        r.target,
        r.target_full,
        r.actual,
        r.numerator,
        r.denominator,
        r.points,
        round(cast(r.max_points - r.points as decimal(18, 6)), 2)::double as points_lost,
        r.factor,
        round(cast(r.points * r.factor as decimal(18, 6)), 2)::double as weighted_points,
        round(cast(r.max_points * r.factor as decimal(18, 6)), 2)::double as weighted_max,
        r.pending,
        case
        when r.target_full <= 0 then '本单位类型不作要求，得满分'
        when r.target <= 0 then '截至统计截止日尚未到期，暂计满分'
        when r.pending and $estimate_pending then '待评：尚无考核组评分，按本单位已评指标得分率 '
            || format('{:.1f}', 100 * coalesce(r.unit_rate, 0)) || '% 预估'
        when r.pending then '待评：尚无考核组评分，暂计 0 分'
        else case r.rule
            when 'ratio' then
                case
                    when r.actual is null then '无数据，' || case r.no_data when 'full' then '按满分计' else '得 0 分' end
                    else '实际 ' || r.actual_text || ' ÷ 目标 ' || r.target_text || ' = ' || format('{:.1f}', 100 * r.actual / r.target) || '%（最多计 '
                        || format('{:.10g}', 100 * r.cap) || '%）× 满分 ' || format('{:.10g}', r.max_points)
                end
            when 'linear' then
                case
                    when r.actual is null then '无数据，' || case r.no_data when 'full' then '按满分计' else '得 0 分' end
                    else '实际 ' || format('{:.1f}', 100 * r.actual) || '%，目标 ' || format('{:.1f}', 100 * r.target)
                        || '% 得 ' || format('{:.10g}', r.base_points) || ' 分，每高（低）'
                        || format('{:.10g}', 100 * r.step) || ' 个百分点加（减）'
                        || format('{:.10g}', r.points_per_step) || ' 分，在 0 至 ' || format('{:.10g}', r.max_points)
                        || ' 分之间'
                end
            when 'ladder' then
                case
                    when r.actual is null then '无数据，' || case r.no_data when 'full' then '按满分计' else '得 0 分' end
                    when r.target > 0 then '实际 ' || r.actual_text || ' ÷ 目标 ' || r.target_text || ' = ' || format('{:.1f}', 100 * r.ladder_value)
                        || '%，按档次计分'
                    else '实际 ' || r.actual_text || '，按档次计分'
                end
            when 'all_or_nothing' then
                case
                    when r.actual is null then '无数据，' || case r.no_data when 'full' then '按满分计' else '得 0 分' end
                    else '实际 ' || r.actual_text || '，要求 ' || r.target_text
                        || case when r.actual + 1e-9 >= r.target then '，已完成，得满分' else '，未完成，不得分' end
                end
            when 'deduct_per_item' then
                '缺 ' || format('{:.10g}', r.actual) || ' 项，每项扣 ' || format('{:.10g}', r.per_item)
                || ' 分，扣完为止'
            when 'per_item_credit' then
                format('{:.10g}', r.actual) || ' 项，每项 ' || format('{:.10g}', r.per_item) || ' 分，最多 '
                || format('{:.10g}', r.max_points) || ' 分'
            when 'per_incident' then
                coalesce(r.incident_detail || '，扣完为止', '无扣分事项')
            when 'qualitative' then
                case
                    when r.trimmed then format('{:d}', r.assessors) || ' 名考核组成员评分，去掉最高分和最低分后平均'
                    else format('{:d}', r.assessors) || ' 名考核组成员评分的平均'
                end
        end end || '，得 ' || format('{:.2f}', r.points) || ' 分'
            || case when r.factor <> 1 then '（折算 ×' || format('{:.4g}', r.factor) || ' = '
                || format('{:.2f}', round(cast(r.points * r.factor as decimal(18, 6)), 2)::double) || ' 分）' else '' end
            as explanation
    from estimated as r
)

select * from final
order by unit_id, position
