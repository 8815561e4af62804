-- The frozen rows of one publication as JSON text (units, lines, adjustments) and its dimension columns.
-- grain: at most one row. parameters: $publication_id.
select
    p.dimensions,
    cast(p.units as varchar) as units,
    cast(p.lines as varchar) as lines,
    cast(p.adjustments as varchar) as adjustments
from published_results as p
where p.publication_id = $publication_id
