-- 各支部代办与实事满意率
-- 每个支部每年受理的代办、实事件数与满意率（满意 / 已评价）；一行一个支部一年一类。
-- en: Satisfaction with errands and deeds by branch
-- en: Errands and deeds received per branch and year, and the share rated satisfied (satisfied / rated); one row per branch, year and kind.
select
    u.name as 支部,
    year(c.received_date) as 年度,
    c.kind as 类别,
    count(*) as 件数,
    count(*) filter (where c.status = '已办结') as 已办结,
    round(100.0 * count(*) filter (where c.satisfaction = '满意') / nullif(count(c.satisfaction), 0), 1) as 满意率百分比
from cases as c
inner join units as u on u.unit_id = c.unit_id
group by all
order by 年度 desc, 支部, 类别
