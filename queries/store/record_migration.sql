-- Record that one schema file has been applied.
-- parameters: $version, $name.
insert into schema_migrations (version, name) values ($version, $name)
