-- Measure meeting_count (count): meetings of one type (组织生活 or 一征三议两公开 议事) held in [$start, $end).
-- grain: one row per unit with at least one such meeting. columns: unit_id, category (null), value, numerator,
-- denominator. parameters: $start, $end (dates, half-open), $meeting_type.
with meetings_in_period as (
    select m.unit_id
    from meetings as m
    where m.meeting_date >= $start and m.meeting_date < $end
      and m.meeting_type = $meeting_type
),

final as (
    select
        mp.unit_id,
        cast(null as varchar) as category,
        count(*)::double as value,
        count(*)::double as numerator,
        cast(null as double) as denominator
    from meetings_in_period as mp
    group by mp.unit_id
)

select * from final
