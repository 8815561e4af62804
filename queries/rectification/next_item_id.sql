-- A new item's id.
-- grain: one row. parameters: none.
select nextval('rectification_item_id_seq') as item_id
