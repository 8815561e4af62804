-- The schema versions already applied to this database.
-- grain: one row per version. parameters: none.
select version from schema_migrations order by version
