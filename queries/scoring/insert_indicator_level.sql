-- Store one named level (qualitative level or per-incident severity) of an indicator.
-- parameters: $scheme_id, $version, $indicator_id, $level, $points.
insert into indicator_levels (scheme_id, version, indicator_id, level, points)
values ($scheme_id, $version, $indicator_id, $level, $points)
