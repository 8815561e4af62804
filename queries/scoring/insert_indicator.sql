-- Store one indicator of a scheme version.
-- parameters: $scheme_id, $version, $indicator_id, $position, $name, $dimension, $component, $factor, $measure, $measure_kind,
-- $args (JSON text), $max_points, $rule, $cap, $base_points, $step, $points_per_step, $per_item, $prorate,
-- $no_data, $trim_from, $description.
insert into indicators (
    scheme_id, version, indicator_id, position, name, dimension, component, factor, measure, measure_kind, args, max_points,
    rule, cap, base_points, step, points_per_step, per_item, prorate, no_data, trim_from, description
)
values (
    $scheme_id, $version, $indicator_id, $position, $name, $dimension, $component, $factor, $measure, $measure_kind, $args,
    $max_points, $rule, $cap, $base_points, $step, $points_per_step, $per_item, $prorate, $no_data, $trim_from,
    $description
)
