-- Store the head row of one scheme version.
-- parameters: $scheme_id, $version, $name, $period, $total_points, $bonus_cap, $deduction_cap, $quota_grade,
-- $quota_share, $tie_break (list of text), $content_hash, $source_file, $definition (JSON text).
insert into schemes (
    scheme_id, version, name, period, total_points, bonus_cap, deduction_cap, quota_grade, quota_share,
    tie_break, content_hash, source_file, definition
)
values (
    $scheme_id, $version, $name, $period, $total_points, $bonus_cap, $deduction_cap, $quota_grade, $quota_share,
    $tie_break, $content_hash, $source_file, $definition
)
