-- What stands in the way of changing a unit's code from $old to $new: whether $old exists (its name), which
-- other unit already has $new as code, or as its name or an alias (the importer reads a ledger's unit column
-- by name, code and alias alike), and whether assessor input (scores, adjustments, honours, rectification)
-- or a published result names $old (those rows are append-only or frozen, so the code can no longer change).
-- grain: one row. parameters: $old (varchar), $new (varchar).
with target as (
    select u.name from units as u where u.unit_id = $old
),

code_owner as (
    select u.name from units as u where u.unit_id = $new and u.unit_id <> $old
),

name_owner as (
    select u.name from units as u where u.name = $new and u.unit_id <> $old
    union all
    select u.name
    from unit_aliases as ua
    inner join units as u on u.unit_id = ua.unit_id
    where ua.alias = $new and ua.unit_id <> $old
),

in_use as (
    select 1 as used from qualitative_scores as q where q.unit_id = $old
    union all
    select 1 as used from adjustments as a where a.unit_id = $old
    union all
    select 1 as used from published_units as p where p.unit_id = $old
    union all
    select 1 as used from award_decisions as d where d.unit_id = $old
    union all
    select 1 as used from rectification_items as r where r.unit_id = $old
),

final as (
    select
        (select t.name from target as t) as name,
        (select c.name from code_owner as c limit 1) as taken_by,
        (select n.name from name_owner as n limit 1) as named_by,
        exists (select 1 from in_use) as in_use
)

select * from final
