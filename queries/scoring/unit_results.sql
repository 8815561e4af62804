-- Unit results: total, grade (with the quota on the top grade and veto) and rankings of every scored unit.
-- grain: one row per unit in the relation `indicator_lines` (the output of indicator_lines.sql, registered by
-- kaohe.scoring), with `adjustment_lines` (adjustment_lines.sql) registered alongside.
-- Rules stated here: total = weighted indicator points + min(bonus, bonus cap) - min(deductions, deduction cap)
-- (a pool declared uncapped has no min),
-- never below 0; a unit reaches the highest band whose minimum its total (to 0.01) meets; a veto forces the
-- lowest band; at most floor(quota share x units scored) units keep the quota grade, chosen by total, then the
-- scheme's tie-break dimensions (higher first), then name (in pinyin order when the scheme says `pinyin`: the lines'
-- name_key); the others drop one band. Ranks: vetoed units after
-- the rest, then by total; equal totals share a rank (rank(), so 1, 1, 3).
-- The scheme comes as the relations `method_schemes` and `method_grade_bands` (kaohe.scheme.method_relations).
-- parameters: none.
with scheme as (
    select s.*
    from method_schemes as s
),

bands as (
    select g.grade, g.position, g.min_total, lead(g.grade) over (order by g.position) as next_grade
    from method_grade_bands as g
),

lowest_band as (
    select b.grade from bands as b order by b.position desc limit 1
),

unit_points as (
    select
        il.unit_id,
        any_value(il.unit) as unit,
        any_value(il.kind) as kind,
        any_value(il.community) as community,
        any_value(il.name_key) as name_key,
        sum(il.weighted_points) as indicator_points
    from indicator_lines as il
    group by il.unit_id
),

tie_keys as (
    select
        generate_subscripts(s.tie_break, 1) as key_position,
        unnest(s.tie_break) as tie_key
    from scheme as s
),

dimension_points as (
    select il.unit_id, il.dimension, sum(il.weighted_points) as points
    from indicator_lines as il
    group by il.unit_id, il.dimension
),

tie_vectors as (
    select dp.unit_id, list(dp.points order by tk.key_position) as tie_vector
    from dimension_points as dp
    inner join tie_keys as tk on tk.tie_key = 'dimension:' || dp.dimension
    group by dp.unit_id
),

adjustment_totals as (
    select
        al.unit_id,
        coalesce(sum(al.counted_points) filter (where al.type = 'bonus'), 0) as bonus_raw,
        coalesce(sum(al.counted_points) filter (where al.type = 'deduction'), 0) as deduction_raw,
        bool_or(al.type = 'veto' and al.counted) as vetoed,
        string_agg(al.category || '：' || al.reason, '；' order by al.adjustment_id)
            filter (where al.type = 'veto' and al.counted) as veto_reason
    from adjustment_lines as al
    group by al.unit_id
),

totals as (
    select
        up.*,
        round(cast(up.indicator_points as decimal(18, 6)), 2)::double as indicator_total,
        -- A pool declared cap = "none" (上不封顶) has no cap.
        least(coalesce(adj.bonus_raw, 0), coalesce(s.bonus_cap, coalesce(adj.bonus_raw, 0))) as bonus,
        least(coalesce(adj.deduction_raw, 0), coalesce(s.deduction_cap, coalesce(adj.deduction_raw, 0))) as deduction,
        coalesce(adj.vetoed, false) as vetoed,
        adj.veto_reason,
        coalesce(tv.tie_vector, []::double[]) as tie_vector
    from unit_points as up
    cross join scheme as s
    left join adjustment_totals as adj on adj.unit_id = up.unit_id
    left join tie_vectors as tv on tv.unit_id = up.unit_id
),

scored as (
    select
        t.*,
        round(cast(greatest(0, t.indicator_points + t.bonus - t.deduction) as decimal(18, 6)), 2)::double as total
    from totals as t
),

banded as (
    select
        sc.unit_id,
        case
            when sc.vetoed then (select lb.grade from lowest_band as lb)
            else arg_max(b.grade, b.min_total)
        end as base_grade
    from scored as sc
    left join bands as b on sc.total >= b.min_total
    group by sc.unit_id, sc.vetoed
),

quota_ranked as (
    select
        sc.*,
        bd.base_grade,
        s.quota_grade,
        cast(floor(coalesce(s.quota_share, 1) * count(*) over () + 1e-9) as integer) as quota_places,
        case
            when bd.base_grade = s.quota_grade then row_number() over (
                partition by bd.base_grade = s.quota_grade
                order by sc.total desc, sc.tie_vector desc, sc.name_key, sc.unit
            )
        end as quota_position
    from scored as sc
    inner join banded as bd on bd.unit_id = sc.unit_id
    cross join scheme as s
),

final as (
    select
        rank() over (order by qr.vetoed, qr.total desc) as rank,
        rank() over (partition by qr.kind order by qr.vetoed, qr.total desc) as rank_in_kind,
        qr.unit_id,
        qr.unit,
        qr.kind,
        qr.community,
        qr.indicator_total,
        qr.bonus,
        qr.deduction,
        qr.total,
        case
            when qr.quota_position > qr.quota_places then b.next_grade
            else qr.base_grade
        end as grade,
        qr.base_grade as grade_before_quota,
        qr.quota_position,
        qr.vetoed,
        qr.veto_reason
    from quota_ranked as qr
    left join bands as b on b.grade = qr.base_grade
)

select * from final
order by rank, unit
