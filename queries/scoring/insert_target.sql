-- Store one target row of an indicator.
-- parameters: $scheme_id, $version, $indicator_id, $unit_kind, $basis, $value.
insert into targets (scheme_id, version, indicator_id, unit_kind, basis, value)
values ($scheme_id, $version, $indicator_id, $unit_kind, $basis, $value)
