-- When each ledger was last imported, how many files and rows it holds, and how many rows were rejected.
-- grain: one row per ledger that has at least one import (with $unit_scope: at least one row of those units).
-- parameters: $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see; null = every unit.
-- Unscoped, the counts are the import log's and rows_rejected counts the quarantined rows kept in `rejects`,
-- so it matches what the rejects view shows. Scoped, only the unit's own ledger rows count (the files that
-- loaded them, when, how many), and rows_rejected is null: a rejected row has no resolved unit, so it cannot
-- be told apart from another branch's.
with import_summary as (
    select
        i.ledger,
        max(i.imported_at) as last_import_at,
        count(*) as files,
        cast(sum(i.rows_loaded) as bigint) as rows_loaded
    from imports as i
    where cast($unit_scope as varchar[]) is null
    group by i.ledger
),

reject_counts as (
    select
        i.ledger,
        count(*) as rows_rejected
    from rejects as r
    inner join imports as i on i.import_id = r.import_id
    where cast($unit_scope as varchar[]) is null
    group by i.ledger
),

-- list_contains alone: with a null scope no row matches, so the unscoped result comes from the import log only.
unit_rows as (
    select 'units' as ledger, u.import_id from units as u
    where list_contains($unit_scope, u.unit_id)
    union all
    -- The leaders list: the rows (leaders) that name one of the viewer's units.
    select 'leaders' as ledger, l.import_id from leaders as l
    where list_has_any(coalesce(l.unit_ids, []) || coalesce(l.community_ids, []), $unit_scope)
    union all
    select 'services' as ledger, s.import_id from services as s
    where list_contains($unit_scope, s.unit_id)
    union all
    select 'meetings' as ledger, m.import_id from meetings as m
    where list_contains($unit_scope, m.unit_id)
    union all
    select 'cases' as ledger, c.import_id from cases as c
    where list_contains($unit_scope, c.unit_id)
    union all
    select 'disputes' as ledger, d.import_id from disputes as d
    where list_contains($unit_scope, d.unit_id)
),

unit_summary as (
    select
        ur.ledger,
        max(i.imported_at) as last_import_at,
        count(distinct ur.import_id) as files,
        count(*) as rows_loaded
    from unit_rows as ur
    inner join imports as i on i.import_id = ur.import_id
    group by ur.ledger
),

final as (
    select
        ims.ledger,
        ims.last_import_at,
        ims.files,
        ims.rows_loaded,
        coalesce(rc.rows_rejected, 0) as rows_rejected
    from import_summary as ims
    left join reject_counts as rc on rc.ledger = ims.ledger
    union all
    select
        us.ledger,
        us.last_import_at,
        us.files,
        us.rows_loaded,
        cast(null as bigint) as rows_rejected
    from unit_summary as us
)

select * from final
order by ledger
