-- The SHA-256 of every file imported so far, to tell which demo exports a database already holds.
-- grain: one row per import. parameters: none.
select sha256 from imports
