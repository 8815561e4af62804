-- Copy the whole database (tables, views, constraints, sequences with their current values) into the attached
-- backup, in one transaction: a consistent snapshot while sessions keep reading and writing.
-- grain: no rows. parameters: none bindable; {source} is the Store's catalog name, quoted by kaohe.backup,
-- {alias} the attached backup's name made by kaohe.backup.
copy from database {source} to {alias}
