-- Every stored scheme version, newest first.
-- grain: one row per (scheme_id, version). parameters: none.
select s.scheme_id, s.version, s.name, s.period, s.content_hash, s.source_file, s.loaded_at
from schemes as s
order by s.scheme_id, s.version desc
