-- The leaders list (班子成员联系点名册) as the leaders page shows it, with the names of the units it codes.
-- grain: one row per leader, in the list's order. parameters: none.
with listed as (
    select
        l.name,
        l.post,
        l.department,
        coalesce(l.unit_ids, []) as unit_ids,
        coalesce(l.community_ids, []) as community_ids,
        l.source_file,
        l.source_row
    from leaders as l
),

coded as (
    select li.name, 'link' as basis, unnest(li.unit_ids) as unit_id, generate_subscripts(li.unit_ids, 1) as position
    from listed as li
    union all
    select
        li.name,
        'department' as basis,
        unnest(li.community_ids) as unit_id,
        generate_subscripts(li.community_ids, 1) as position
    from listed as li
),

named as (
    select
        c.name,
        list(coalesce(u.name, c.unit_id) order by c.position) filter (where c.basis = 'link') as unit_names,
        list(coalesce(u.name, c.unit_id) order by c.position) filter (where c.basis = 'department')
            as community_names
    from coded as c
    left join units as u on u.unit_id = c.unit_id
    group by c.name
),

final as (
    select
        li.*,
        coalesce(n.unit_names, []) as unit_names,
        coalesce(n.community_names, []) as community_names
    from listed as li
    left join named as n on n.name = li.name
)

select * from final
order by source_row nulls last, name
