-- Copy one allow-listed table (or view, materialised) into the attached snapshot.
-- grain: no rows. parameters: none bindable; {table} is an identifier from kaohe.sandbox.SNAPSHOT_TABLES,
-- quoted by the library (identifiers cannot be bound), never text from a user.
create table snapshot.{table} as select * from main.{table}
