-- The units scored in a period, with what their targets are reckoned from.
-- grain: one row per unit active at some time in [$start, $end). columns: unit_id, unit, kind, community, members,
-- residents, households, active_from, active_to, active_share.
-- active_share: the share of the scheme's period the unit was active inside the scored period, in whole calendar
-- months (a month counts when the unit was active from its first day to its end, as for owed meetings): count
-- targets scale with it, so a branch founded on 1 July owes exactly half a year's target.
-- parameters: $start, $end (the scored period, half-open), $scheme_start, $scheme_end (the period the targets are
-- written for).
with active as (
    select u.*
    from units as u
    where (u.active_from is null or u.active_from < $end)
      and (u.active_to is null or u.active_to > $start)
),

final as (
    select
        a.unit_id,
        a.name as unit,
        a.kind,
        a.community,
        a.members,
        a.residents,
        a.households,
        a.active_from,
        a.active_to,
        greatest(0, date_diff(
            'month',
            case
                when a.active_from is null or a.active_from <= cast($start as date) then cast($start as date)
                when day(a.active_from) = 1 then a.active_from
                else cast(date_trunc('month', a.active_from) + interval 1 month as date)
            end,
            case
                when a.active_to is null or a.active_to >= cast($end as date) then cast($end as date)
                else cast(date_trunc('month', a.active_to) as date)
            end
        )) / date_diff('month', cast($scheme_start as date), cast($scheme_end as date)) as active_share
    from active as a
)

select * from final
order by unit_id
