-- Change one unit's code everywhere the importer wrote it: the roster (and children naming it as parent), its
-- aliases, the four ledgers, a branch user's unit and the leaders list's 联系点 and 分包社区. Assessor input and published results are never touched
-- (roster/code_check refuses a code they name). One statement per table: SQL cannot name the table to update
-- from data. grain: the rows of the unit in each table. parameters: none; reads roster_code_change.
update units as t set unit_id = c.new_code from roster_code_change as c where t.unit_id = c.old_code;
update units as t set parent_id = c.new_code from roster_code_change as c where t.parent_id = c.old_code;
update unit_aliases as t set unit_id = c.new_code from roster_code_change as c where t.unit_id = c.old_code;
update services as t set unit_id = c.new_code from roster_code_change as c where t.unit_id = c.old_code;
update meetings as t set unit_id = c.new_code from roster_code_change as c where t.unit_id = c.old_code;
update cases as t set unit_id = c.new_code from roster_code_change as c where t.unit_id = c.old_code;
update disputes as t set unit_id = c.new_code from roster_code_change as c where t.unit_id = c.old_code;
update users as t set unit_id = c.new_code from roster_code_change as c where t.unit_id = c.old_code;
update leaders as t
set unit_ids = list_transform(t.unit_ids, lambda u: case when u = c.old_code then c.new_code else u end),
    community_ids = list_transform(t.community_ids, lambda u: case when u = c.old_code then c.new_code else u end)
from roster_code_change as c
where list_contains(t.unit_ids, c.old_code) or list_contains(t.community_ids, c.old_code);
drop table roster_code_change
