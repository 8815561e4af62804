-- Store one bonus, deduction or veto category of a scheme version.
-- parameters: $scheme_id, $version, $type, $category, $combine, $points, $max_points.
insert into adjustment_categories (scheme_id, version, type, category, combine, points, max_points)
values ($scheme_id, $version, $type, $category, $combine, $points, $max_points)
