-- The code change about to be applied, kept on the transaction's cursor for roster/code_change_apply.
-- grain: one row. parameters: $old (varchar), $new (varchar).
create or replace temp table roster_code_change as
select $old as old_code, $new as new_code
