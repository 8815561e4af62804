-- The scheme in force for a period: the latest stored version of the scheme written for the period itself, else
-- for its year (a quarter is scored under the year's scheme, its targets pro-rated).
-- grain: at most one row. parameters: $period (period code, e.g. '2025-Q2'), $year (its year code, '2025').
with candidates as (
    select
        s.scheme_id,
        s.version,
        case when s.period = $period then 1 else 2 end as preference
    from schemes as s
    where s.period in ($period, $year)
),

final as (
    select c.scheme_id, c.version
    from candidates as c
    order by c.preference, c.version desc, c.scheme_id
    limit 1
)

select * from final
