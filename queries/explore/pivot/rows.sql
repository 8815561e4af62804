-- The filtered rows of one ledger, for the explorer's preview table, and how many there are in all.
-- grain: one row per ledger row, at most $limit rows, each carrying total_rows (the count before the limit).
-- parameters: $limit (int), $unit_scope (used by <base>; null = every unit), and the filter values bound
--   as $p0, $p1 … by kaohe.explore.
-- Template slots: <base> (queries/explore/ledger/<ledger>.sql) and <where> (built from the ledger spec).
with base as (
    {base}
),

final as (
    select
        b.*,
        count(*) over () as total_rows
    from base as b
    where {where}
)

select * from final
limit $limit
