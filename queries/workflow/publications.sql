-- Publications, newest first, without their frozen rows; `in_force` marks each period's latest revision.
-- grain: one row per publication. parameters: $period (a period code, or null = every period).
with listed as (
    select
        p.publication_id,
        p.period,
        p.revision,
        p.scheme_id,
        p.scheme_version,
        p.scheme_hash,
        p.result_hash,
        p.published_by,
        p.published_at,
        p.note,
        p.revision = max(p.revision) over (partition by p.period) as in_force
    from published_results as p
    where $period is null or p.period = $period
)

select * from listed
order by published_at desc, publication_id desc
