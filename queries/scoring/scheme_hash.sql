-- The content hash of one stored scheme version.
-- grain: at most one row. parameters: $scheme_id, $version.
select s.content_hash from schemes as s where s.scheme_id = $scheme_id and s.version = $version
