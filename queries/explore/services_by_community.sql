-- 各社区便民服务次数与服务人次
-- 每个社区（含村）每年的便民服务次数、服务群众人次和人均服务人次；一行一个社区一年。改年份或加条件即可。
-- en: Services and people served by community
-- en: Each community's (and the village's) services per year, people served and people per service; one row per community and year. Change the year or add conditions as needed.
select
    u.community as 社区,
    year(s.service_date) as 年度,
    count(*) as 服务次数,
    sum(s.people_served) as 服务人次,
    round(sum(s.people_served) / count(*), 1) as 人均服务人次
from services as s
inner join units as u on u.unit_id = s.unit_id
where u.community is not null
group by all
order by 年度 desc, 服务次数 desc
