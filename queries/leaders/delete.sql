-- Remove one leader from the list before their edited row is written again (or for good).
-- grain: at most one leaders row. parameters: $name (varchar).
delete from leaders where name = $name
