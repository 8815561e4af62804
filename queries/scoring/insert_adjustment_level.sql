-- Store one tier of a bonus or deduction category.
-- parameters: $scheme_id, $version, $type, $category, $level, $points.
insert into adjustment_levels (scheme_id, version, type, category, level, points)
values ($scheme_id, $version, $type, $category, $level, $points)
