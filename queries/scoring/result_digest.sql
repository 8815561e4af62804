-- Digest of one scoring result: sha256 over the scheme's content hash, the period, and every figure of the
-- registered relations `unit_results`, `indicator_lines` and `adjustment_lines`, each rendered as fixed text
-- in a fixed order, so the same data and scheme always give the same hash whatever the row order or thread
-- count, and any change of a score, an input figure or an adjustment changes it.
-- grain: one row. parameters: $scheme_hash, $period.
with unit_text as (
    select string_agg(
        concat_ws('|', u.unit_id, u.rank, u.rank_in_kind, printf('%.2f', u.indicator_total), printf('%.2f', u.bonus),
                  printf('%.2f', u.deduction), printf('%.2f', u.total), u.grade, u.grade_before_quota, u.vetoed,
                  coalesce(u.veto_reason, '')),
        chr(10) order by u.unit_id
    ) as body
    from unit_results as u
),

line_text as (
    select string_agg(
        concat_ws('|', l.unit_id, l.indicator_id, coalesce(printf('%.6f', l.target), ''),
                  coalesce(printf('%.6f', l.actual), ''), printf('%.2f', l.points), printf('%.2f', l.weighted_points)),
        chr(10) order by l.unit_id, l.indicator_id
    ) as body
    from indicator_lines as l
),

adjustment_text as (
    select string_agg(
        concat_ws('|', a.adjustment_id, a.unit_id, a.type, a.category, coalesce(a.level, ''),
                  printf('%.2f', a.item_points), a.counted),
        chr(10) order by a.adjustment_id
    ) as body
    from adjustment_lines as a
),

final as (
    select sha256(concat_ws(chr(30), $scheme_hash, $period, ut.body, lt.body, coalesce(at_.body, ''))) as result_hash
    from unit_text as ut
    cross join line_text as lt
    cross join adjustment_text as at_
)

select * from final
