-- The saved definition of a scheme version; the latest version when $version is null.
-- grain: at most one row. parameters: $scheme_id, $version (nullable).
select s.version, s.definition, s.source_file
from schemes as s
where s.scheme_id = $scheme_id and ($version is null or s.version = $version)
order by s.version desc
limit 1
