-- A pivot of one ledger: a measure by a row key and a column key, with row, column and grand totals.
-- grain: one row per (row_key, col_key) present, plus one per row_key (col_total), one per col_key
--        (row_total) and one grand total; a measure is numerator / denominator (denominator null: a plain
--        count or sum), so every total of a ratio is a ratio of sums, never an average of ratios.
-- parameters: $unit_scope (the viewer's units, null = every unit; used by <base>), and the filter values,
--   bound as $p0, $p1 … by kaohe.explore.
-- Template slots filled by kaohe.explore only with identifiers from the ledger spec and fixed fragments:
-- <base> (queries/explore/ledger/<ledger>.sql), <where>, <row_key>, <col_key>, <numerator>, <denominator>.
with base as (
    {base}
),

filtered as (
    select * from base as b
    where {where}
),

keyed as (
    select
        {row_key} as row_key,
        {col_key} as col_key,
        f.*
    from filtered as f
),

final as (
    select
        k.row_key,
        k.col_key,
        cast(grouping(k.row_key) as boolean) as row_total,
        cast(grouping(k.col_key) as boolean) as col_total,
        {numerator} as numerator,
        {denominator} as denominator,
        count(*) as rows
    from keyed as k
    group by grouping sets ((k.row_key, k.col_key), (k.row_key), (k.col_key), ())
)

select * from final
order by row_total, row_key nulls last, col_total, col_key nulls last
