-- Detach the snapshot file once its tables are copied, so it can be opened read-only on its own.
-- grain: no rows. parameters: none.
detach snapshot
