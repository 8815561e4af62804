-- Write one leader's row as edited on the leaders page (kept in the list's order at $source_row).
-- grain: one leaders row. parameters: $name, $post, $department, $unit_ids (varchar[]), $community_ids (varchar[]),
-- $source_file, $source_row, $import_id (the imported row's provenance, kept through an edit; null for a new row).
insert into leaders (name, post, unit_ids, department, community_ids, source_file, source_row, import_id)
values ($name, $post, $unit_ids, $department, $community_ids, $source_file, $source_row, $import_id)
