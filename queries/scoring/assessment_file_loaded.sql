-- Whether a file of assessor input with this SHA-256 has been loaded before.
-- grain: one row. parameters: $sha256.
select exists (
    select 1
    from audit_log as l
    where l.action = 'assessments.load' and json_extract_string(l.after, '$.sha256') = $sha256
) as loaded
