-- Two results of the same period side by side (a frozen publication and a re-score, or one period under two
-- scheme versions): the units whose total, grade or rank differ, and why (the indicators and adjustments whose
-- points moved, largest change first).
-- inputs: registered relations `before_units` and `after_units` (unit_id, unit, kind, rank, total, grade, bonus,
--   deduction, vetoed) and `before_lines` and `after_lines` (unit_id, indicator_id, indicator, weighted_points).
-- grain: one row per unit present in either result whose total, grade or rank differs. parameters: $bonus_label,
--   $deduction_label, $veto_label (how the adjustment pools are named in the reasons), $others_label (the reason
--   shown when a unit's own points did not move: its rank or quota place moved with the others), $separator
--   (between two reasons, in the reader's language).
with units_joined as (
    select
        coalesce(a.unit_id, b.unit_id) as unit_id,
        coalesce(a.unit, b.unit) as unit,
        coalesce(a.kind, b.kind) as kind,
        b.rank as rank_before,
        a.rank as rank_after,
        b.total as total_before,
        a.total as total_after,
        b.grade as grade_before,
        a.grade as grade_after,
        b.bonus as bonus_before,
        a.bonus as bonus_after,
        b.deduction as deduction_before,
        a.deduction as deduction_after,
        b.vetoed as vetoed_before,
        a.vetoed as vetoed_after
    from after_units as a
    full outer join before_units as b on b.unit_id = a.unit_id
),

line_moves as (
    select
        coalesce(a.unit_id, b.unit_id) as unit_id,
        coalesce(a.indicator, b.indicator) as item,
        coalesce(b.weighted_points, 0) as points_before,
        coalesce(a.weighted_points, 0) as points_after
    from after_lines as a
    full outer join before_lines as b on b.unit_id = a.unit_id and b.indicator_id = a.indicator_id
),

pool_moves as (
    select u.unit_id, $bonus_label as item, coalesce(u.bonus_before, 0) as points_before,
           coalesce(u.bonus_after, 0) as points_after
    from units_joined as u
    union all
    select u.unit_id, $deduction_label, -coalesce(u.deduction_before, 0), -coalesce(u.deduction_after, 0)
    from units_joined as u
),

moves as (
    select m.*
    from (select * from line_moves union all select * from pool_moves) as m
    where abs(m.points_after - m.points_before) >= 0.005
),

reasons as (
    select
        m.unit_id,
        string_agg(
            m.item || ' ' || printf('%.2f', m.points_before) || ' → ' || printf('%.2f', m.points_after),
            $separator order by abs(m.points_after - m.points_before) desc, m.item
        ) as reasons
    from moves as m
    group by m.unit_id
),

final as (
    select
        u.unit_id,
        u.unit,
        u.kind,
        u.rank_before,
        u.rank_after,
        u.total_before,
        u.total_after,
        round(coalesce(u.total_after, 0) - coalesce(u.total_before, 0), 2) as total_change,
        u.grade_before,
        u.grade_after,
        u.grade_before is distinct from u.grade_after as grade_changed,
        coalesce(nullif(concat_ws(
            $separator,
            case when coalesce(u.vetoed_before, false) <> coalesce(u.vetoed_after, false) then $veto_label end,
            r.reasons
        ), ''), $others_label) as reasons
    from units_joined as u
    left join reasons as r on r.unit_id = u.unit_id
    where u.total_before is distinct from u.total_after
       or u.grade_before is distinct from u.grade_after
       or u.rank_before is distinct from u.rank_after
)

select * from final
order by grade_changed desc, abs(total_change) desc, unit_id
