-- The code (unit_id) of every valid row of a roster: the 编号 the file gives; else the stored unit the row
-- names (by its name, a stored alias, or one of the row's own aliases naming a stored unit), so a later roster
-- never renumbers a unit; else a new code of its kind's prefix (SQ, JG …), numbered on from the highest code
-- of that prefix stored or given in the file, one per distinct new name, in file order (SQ09, SQ10 …).
-- A stored unit is claimed by one name of the file only (its name first, then a stored alias, then the row's
-- own aliases; the earliest row breaks ties): a second name pointing at it gets a code of its own, so no row
-- of the roster is ever folded into another unit.
-- grain: one row per valid roster row. parameters: none; reads the frames ingest_valid_frame (source_row,
-- unit_id, name, kind …), ingest_aliases_frame (source_row, aliases) and ingest_code_prefixes_frame
-- (kind, prefix) registered on this cursor, and the tables units and unit_aliases.
create or replace temp table ingest_unit_codes as
with rows_in_file as (
    select v.source_row, v.unit_id as given, v.name, v.kind, coalesce(a.aliases, '') as aliases
    from ingest_valid_frame as v
    left join ingest_aliases_frame as a on a.source_row = v.source_row
),

stored_spellings as (
    select u.name as spelling, u.unit_id, 1 as rank from units as u
    union all
    select ua.alias as spelling, ua.unit_id, 2 as rank from unit_aliases as ua
),

own_aliases as (
    select r.source_row, unnest(regexp_split_to_array(r.aliases, '[、,，;；\s\x{3000}]+')) as spelling  -- cjk: separators offices write between aliases
    from rows_in_file as r
),

candidates as (
    select r.source_row, s.unit_id, s.rank
    from rows_in_file as r
    inner join stored_spellings as s on s.spelling = r.name
    union all
    select o.source_row, s.unit_id, s.rank + 2 as rank
    from own_aliases as o
    inner join stored_spellings as s on s.spelling = o.spelling
    where o.spelling <> ''
),

best as (
    select c.source_row, c.unit_id, c.rank
    from candidates as c
    qualify row_number() over (partition by c.source_row order by c.rank, c.unit_id) = 1
),

claims as (
    select b.unit_id, r.name, min(b.rank) as rank, min(b.source_row) as first_row
    from best as b
    inner join rows_in_file as r on r.source_row = b.source_row
    group by b.unit_id, r.name
),

winners as (
    select cl.unit_id, cl.name
    from claims as cl
    qualify row_number() over (partition by cl.unit_id order by cl.rank, cl.first_row) = 1
),

matched as (
    select b.source_row, b.unit_id
    from best as b
    inner join rows_in_file as r on r.source_row = b.source_row
    inner join winners as w on w.unit_id = b.unit_id and w.name = r.name
),

prefixed as (
    select r.source_row, r.given, r.name, m.unit_id as stored, p.prefix
    from rows_in_file as r
    left join matched as m on m.source_row = r.source_row
    left join ingest_code_prefixes_frame as p on p.kind = r.kind
),

codes_in_use as (
    select u.unit_id as code from units as u
    union all
    select r.given as code from rows_in_file as r where r.given is not null
),

taken as (
    select
        p.prefix,
        max(try_cast(substr(c.code, length(p.prefix) + 1) as integer)) as top
    from ingest_code_prefixes_frame as p
    inner join codes_in_use as c
        on starts_with(c.code, p.prefix) and regexp_full_match(substr(c.code, length(p.prefix) + 1), '\d+')
    group by p.prefix
),

new_names as (
    select pr.name, pr.prefix, min(pr.source_row) as first_row
    from prefixed as pr
    where pr.given is null and pr.stored is null
    group by pr.name, pr.prefix
),

numbered as (
    select
        n.name,
        n.prefix,
        n.prefix || printf('%02d', coalesce(t.top, 0) + row_number() over (partition by n.prefix order by n.first_row))
            as code
    from new_names as n
    left join taken as t on t.prefix = n.prefix
),

final as (
    select
        pr.source_row,
        coalesce(pr.given, pr.stored, nb.code) as unit_id,
        pr.given is null and pr.stored is null as assigned,
        pr.given is null and pr.stored is not null as matched
    from prefixed as pr
    left join numbered as nb on nb.name = pr.name and nb.prefix = pr.prefix
)

select * from final
