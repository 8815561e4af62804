-- The smallest and largest value of one date or numeric column of a ledger, to bound the explorer's range filter.
-- grain: exactly one row. parameters: $unit_scope (used by <base>; null = every unit).
-- Template slots: <base> and <column> (an identifier from the spec).
with base as (
    {base}
),

final as (
    select
        min(b.{column}) as low,
        max(b.{column}) as high
    from base as b
)

select * from final
