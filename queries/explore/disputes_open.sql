-- 未化解的矛盾纠纷
-- 尚未化解的矛盾纠纷与信访，最早登记的在前；一行一件。
-- en: Disputes not yet resolved
-- en: Disputes and petitions not resolved yet, the earliest registered first; one row each.
select
    d.dispute_date as 登记日期,
    u.name as 支部,
    d.type as 类型,
    d.summary as 简要情况,
    d.escalated as 是否上访
from disputes as d
inner join units as u on u.unit_id = d.unit_id
where not d.resolved
order by d.dispute_date
