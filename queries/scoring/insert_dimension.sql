-- Store one dimension of a scheme version.
-- parameters: $scheme_id, $version, $position, $dimension.
insert into scheme_dimensions (scheme_id, version, position, dimension)
values ($scheme_id, $version, $position, $dimension)
