-- Store one grade band of a scheme version.
-- parameters: $scheme_id, $version, $position, $grade, $min_total.
insert into grade_bands (scheme_id, version, position, grade, min_total)
values ($scheme_id, $version, $position, $grade, $min_total)
