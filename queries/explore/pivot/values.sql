-- The distinct values of one column of a ledger, most frequent first, for the explorer's "value in list" filter.
-- grain: one row per distinct value (as text), at most $limit rows.
-- parameters: $limit (int), $unit_scope (used by <base>; null = every unit).
-- Template slots: <base> and <column> (an identifier from the ledger spec).
with base as (
    {base}
),

final as (
    select
        cast(b.{column} as varchar) as value,
        count(*) as rows
    from base as b
    where b.{column} is not null
    group by 1
)

select * from final
order by rows desc, value
limit $limit
