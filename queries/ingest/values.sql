-- Every distinct raw text of each field in the file being imported, read as the field's type, with the
-- problem if it cannot be. Parsing distinct texts instead of cells keeps a million-row file cheap: a
-- ledger column holds a few hundred different dates, units or counts.
-- grain: one row per field and distinct raw text (trimmed; full-width digits made ASCII in number and date
-- fields). parameters: none; reads the frame ingest_distinct_frame (field, raw) registered on this cursor,
-- and ingest_fields, ingest_spellings, ingest_unit_names.
-- value is the canonical text the target column casts from ('2024-03-05', '12', 'true', a unit_id, or for a
-- list of units '[QY01, SQ01]': each name resolved, duplicates dropped, in code order); problem is one of missing, bad_date, bad_time, bad_count, negative, not_whole, too_large, bad_number, bad_choice,
-- bad_bool, unknown_unit, or NULL.
create or replace temp table ingest_values as
with distinct_raw as (
    select d.field, d.raw from ingest_distinct_frame as d
),

cleaned as (
    select
        d.field,
        d.raw,
        f.type,
        f.required,
        nullif(d.raw, '') as clean
    from distinct_raw as d
    inner join ingest_fields as f on f.field = d.field
),

-- A cell naming several units (a leader's 联系点): split on the separators people type, each part resolved.
list_parts as (
    select c.field, c.raw, unnest(regexp_split_to_array(c.clean, '[、,，;；/\s\x{3000}]+')) as part  -- cjk: separators offices write between values
    from cleaned as c
    where c.type = 'units' and c.clean is not null
),

unit_lists as (
    select
        lp.field,
        lp.raw,
        bool_and(un.unit_id is not null) as all_known,
        '[' || array_to_string(list_sort(list_distinct(list(un.unit_id))), ', ') || ']' as unit_list
    from list_parts as lp
    left join ingest_unit_names as un on un.spelling = lp.part
    where lp.part <> ''
    group by lp.field, lp.raw
),

parsed as (
    select
        c.*,
        case when c.type = 'date' then ingest_parse_date(c.clean) end as date_value,
        case when c.type in ('count', 'number') then ingest_number_parts(c.clean) end as number_parts,
        sp.value as spelled,
        un.unit_id as unit_value,
        ul.unit_list,
        ul.all_known as units_known
    from cleaned as c
    left join ingest_spellings as sp
        on sp.field = c.field and c.type in ('choice', 'bool') and sp.spelling = ingest_squash(c.clean)
    left join ingest_unit_names as un
        on c.type = 'unit' and un.spelling = c.clean
    left join unit_lists as ul
        on c.type = 'units' and ul.field = c.field and ul.raw = c.raw
),

numbered as (
    select
        p.*,
        try_cast(nullif(p.number_parts.number, '') as double) as number_value,
        p.number_parts.sign = '-' as is_negative
    from parsed as p
),

final as (
    select
        n.field,
        n.raw,
        case
            when n.clean is null then null
            when n.type = 'text' then n.clean
            when n.type = 'date' then strftime(n.date_value, '%Y-%m-%d')
            when n.type = 'count' then n.number_value::bigint::varchar
            when n.type = 'number' then n.number_value::varchar
            when n.type in ('choice', 'bool') then n.spelled
            when n.type = 'unit' then n.unit_value
            when n.type = 'units' and n.units_known then n.unit_list
        end as value,
        case
            when n.clean is null or (n.type = 'units' and n.unit_list is null) then
                case when n.required then 'missing' end
            when n.type = 'date' and n.date_value is null and ingest_bad_time(n.clean) then 'bad_time'
            when n.type = 'date' and n.date_value is null then 'bad_date'
            when n.type in ('count', 'number') and n.number_value is null then 'bad_' || n.type
            when n.type in ('count', 'number') and n.is_negative and n.number_value > 0 then 'negative'
            when n.type = 'count' and n.number_value <> floor(n.number_value) then 'not_whole'
            when n.type = 'count' and n.number_value > 2147483647 then 'too_large'
            when n.type = 'choice' and n.spelled is null then 'bad_choice'
            when n.type = 'bool' and n.spelled is null then 'bad_bool'
            when n.type = 'unit' and n.unit_value is null then 'unknown_unit'
            when n.type = 'units' and not n.units_known then 'unknown_unit'
        end as problem
    from numbered as n
)

select * from final
