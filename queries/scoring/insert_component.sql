-- Store one weighted component of a scheme version.
-- parameters: $scheme_id, $version, $component, $weight, $max_points, $factor.
insert into scheme_components (scheme_id, version, component, weight, max_points, factor)
values ($scheme_id, $version, $component, $weight, $max_points, $factor)
