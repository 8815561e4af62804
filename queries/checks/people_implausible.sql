-- Implausible head counts (服务人数明显不合常理): a service whose people served is far beyond the unit's usual range
-- (at least $min_people and more than $factor times the 90th percentile of the unit's services in the period, when
-- the unit has at least $min_rows services with a head count), or more than the residents of the unit's community
-- (the unit's own 常住人口, else that of the community unit the roster names as its 所属社区).
-- grain: one row per such service. subject: 'services'. columns: row_id, subject, figures (json: people_served,
-- usual (the unit's 90th percentile, null below $min_rows services), residents), facts (json: rows).
-- reads: check_rows (queries/checks/ledger_rows.sql), units. parameters: $factor, $min_people, $min_rows.
with counted as (
    select r.*
    from check_rows as r
    where r.ledger = 'services' and r.people is not null
),

usual as (
    select c.unit_id, count(*) as services, quantile_cont(c.people, 0.9) as p90
    from counted as c
    group by c.unit_id
),

residents as (
    select u.unit_id, coalesce(u.residents, community.residents) as residents
    from units as u
    left join units as community on community.name = u.community and community.unit_id <> u.unit_id
),

flagged as (
    select
        c.*,
        case when us.services >= $min_rows then us.p90 end as usual_people,
        r.residents
    from counted as c
    inner join usual as us on us.unit_id = c.unit_id
    left join residents as r on r.unit_id = c.unit_id
    where (us.services >= $min_rows and c.people >= $min_people and c.people > $factor * us.p90)
       or c.people > r.residents
)

select
    f.row_id,
    f.ledger as subject,
    to_json({people_served: f.people, usual: f.usual_people, residents: f.residents}) as figures,
    to_json({rows: count(*) over (partition by f.unit_id)}) as facts
from flagged as f
order by row_id
