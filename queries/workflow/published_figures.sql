-- The figures a publication froze, one row per unit and indicator (a unit without lines keeps one row with a
-- null indicator): what a live result must still give for the publication to stand.
-- grain: one row per (unit_id, indicator_id). parameters: $publication_id.
select
    u.unit_id,
    u.rank,
    u.total,
    u.grade,
    u.vetoed,
    l.indicator_id,
    l.points,
    l.weighted_points
from published_units as u
left join published_lines as l on l.publication_id = u.publication_id and l.unit_id = u.unit_id
where u.publication_id = $publication_id
