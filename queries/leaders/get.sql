-- One leader's stored row, and the next row number for a new leader at the end of the list.
-- grain: zero or one row. parameters: $name (varchar).
select
    l.name,
    l.post,
    l.department,
    l.unit_ids,
    l.community_ids,
    l.source_file,
    l.source_row,
    l.import_id
from leaders as l
where l.name = $name
