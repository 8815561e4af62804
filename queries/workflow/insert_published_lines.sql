-- The frozen indicator points as rows, copied from the registered relation `frozen_lines` (ScoreResult.lines).
-- grain: one new row per unit and indicator. parameters: $publication_id.
insert into published_lines (publication_id, unit_id, indicator_id, indicator, points, weighted_points)
select $publication_id, f.unit_id, f.indicator_id, f.indicator, f.points, f.weighted_points
from frozen_lines as f
