-- The row number a leader added on the page takes: after every row of the list.
-- grain: one row. parameters: none.
select coalesce(max(l.source_row), 0) + 1 as next_row from leaders as l
