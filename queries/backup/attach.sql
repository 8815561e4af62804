-- Attach a new, empty database file to copy the Store's database into.
-- grain: no rows. parameters: $path (varchar, the backup file being written; must not exist yet);
-- {alias} is a name made by kaohe.backup, never text from a user.
attach $path as {alias}
