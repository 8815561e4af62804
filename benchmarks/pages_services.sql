-- Synthetic convenience services for the page benchmark, spread over the demo's units, ten categories and
-- 2024-01-01 … 2026-10-31, added to the demo database's own rows.
-- grain: inserts $rows rows into services. parameters: $rows (int). Deterministic after `select setseed(…)`.
insert into services
with unit_list as (
    select list(u.unit_id order by u.unit_id) as ids
    from units as u
),

numbered as (
    select
        r.i,
        random() as day_draw,
        random() as people_draw
    from range($rows) as r(i)
),

final as (
    select
        date '2024-01-01' + cast(floor(n.day_draw * 1035) as integer) as service_date,
        ul.ids[1 + cast(n.i % len(ul.ids) as integer)] as unit_id,
        ['科普讲座', '社会救助', '综治调解', '就业帮扶', '医疗义诊', '政策宣讲', '法律咨询', '家政服务',
         '困难帮扶', '党员志愿服务'][1 + cast(n.i % 10 as integer)] as category,
        '基准测试服务 ' || n.i as title,
        1 + cast(floor(n.people_draw * 40) as integer) as people_served,
        1 + cast(n.i % 6 as integer) as members_involved,
        1.5 as hours,
        '党群服务中心' as location,
        'benchmark.csv' as source_file,
        cast(n.i + 2 as integer) as source_row,
        0 as import_id
    from numbered as n
    cross join unit_list as ul
)

select * from final
