-- Attach a new, empty database file as `snapshot`, to copy the console's allow-listed tables into.
-- grain: no rows. parameters: $path (varchar, the snapshot file; must not exist yet).
attach $path as snapshot
