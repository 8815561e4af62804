-- The frozen ranking as rows, copied from the registered relation `frozen_units` (ScoreResult.units).
-- grain: one new row per unit. parameters: $publication_id.
insert into published_units (publication_id, unit_id, unit, kind, rank, rank_in_kind, total, grade, vetoed)
select $publication_id, f.unit_id, f.unit, f.kind, f.rank, f.rank_in_kind, f.total, f.grade, f.vetoed
from frozen_units as f
