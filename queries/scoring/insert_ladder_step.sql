-- Store one step of a ladder indicator.
-- parameters: $scheme_id, $version, $indicator_id, $threshold, $points.
insert into ladder_steps (scheme_id, version, indicator_id, threshold, points)
values ($scheme_id, $version, $indicator_id, $threshold, $points)
