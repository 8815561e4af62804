-- 组织生活次数与出席率
-- 每个支部每年各类组织生活（三会一课、主题党日、一征三议两公开）的次数和出席率（实到 / 应到）。
-- en: Meetings held and attendance
-- en: Each branch's meetings per year and type (三会一课, 主题党日, 一征三议两公开) and attendance (present / expected).
select
    u.name as 支部,
    year(m.meeting_date) as 年度,
    m.meeting_type as 会议类型,
    count(*) as 次数,
    round(100.0 * sum(m.attendees) / nullif(sum(m.members_total), 0), 1) as 出席率百分比
from meetings as m
inner join units as u on u.unit_id = m.unit_id
group by all
order by 年度 desc, 支部, 会议类型
