-- The stored scheme version in force for a period: its latest activation for the period itself, else for its
-- year (a quarter is scored under the year's scheme, its targets pro-rated); without any activation, the first
-- stored version (kaohe.workflow.scheme_in_force falls back to the shipped file before that).
-- grain: at most one row: scheme_id, version, activated_by (null: no activation), activated_at.
-- parameters: $period (period code, e.g. '2025-Q2'), $year (its year code, '2025').
with activated as (
    select
        a.scheme_id,
        a.version,
        a.activated_by,
        a.activated_at,
        case when a.period = $period then 1 else 2 end as preference
    from scheme_in_force as a
    where a.period in ($period, $year)
),

first_stored as (
    select
        s.scheme_id,
        s.version,
        cast(null as varchar) as activated_by,
        cast(null as timestamp) as activated_at,
        case when s.period = $period then 3 else 4 end as preference
    from schemes as s
    where s.period in ($period, $year)
),

final as (
    select c.scheme_id, c.version, c.activated_by, c.activated_at
    from (select * from activated union all select * from first_stored) as c
    order by c.preference, c.version, c.scheme_id
    limit 1
)

select * from final
