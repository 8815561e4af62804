-- Every stored version of one scheme, newest first, with who saved it (from the audit log).
-- grain: one row per version. parameters: $scheme_id.
with versions as (
    select s.scheme_id, s.version, s.name, s.period, s.total_points, s.content_hash, s.source_file, s.loaded_at
    from schemes as s
    where s.scheme_id = $scheme_id
),

saves as (
    select a.target, arg_min(a.who, a.audit_id) as saved_by
    from audit_log as a
    where a.action = 'scheme.save'
    group by a.target
),

final as (
    select v.*, sv.saved_by
    from versions as v
    left join saves as sv on sv.target = 'scheme ' || v.scheme_id || ' v' || v.version
)

select * from final
order by version desc
