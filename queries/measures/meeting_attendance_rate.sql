-- Measure meeting_attendance_rate (rate): attendees / members expected, summed over the meetings held in
-- [$start, $end) that record both figures (a ratio of sums, never an average of per-meeting rates).
-- grain: one row per unit with at least one such meeting. columns: unit_id, category (null), value, numerator,
-- denominator. parameters: $start, $end (dates, half-open), $meeting_type (null = every type).
with meetings_in_period as (
    select m.unit_id, m.attendees, m.members_total
    from meetings as m
    where m.meeting_date >= $start and m.meeting_date < $end
      and ($meeting_type is null or m.meeting_type = $meeting_type)
      and m.attendees is not null and m.members_total > 0
),

sums as (
    select mp.unit_id, sum(mp.attendees)::double as numerator, sum(mp.members_total)::double as denominator
    from meetings_in_period as mp
    group by mp.unit_id
),

final as (
    select
        s.unit_id,
        cast(null as varchar) as category,
        s.numerator / s.denominator as value,
        s.numerator,
        s.denominator
    from sums as s
)

select * from final
