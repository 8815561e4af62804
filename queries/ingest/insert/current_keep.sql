-- What a list of current state (the roster, the leaders) keeps of the rows it replaces: the columns the file has
-- no column for (a roster without 联系领导 leaves each unit's liaison as it was). Copied before
-- insert/current_delete removes the stored rows.
-- grain: one row per stored row the file names. parameters: $given (varchar[], the columns the file gives,
-- source_row included); source_file and import_id are always copied and then replaced on insert.
-- {table} and {key} are the ledger's table and key column, identifiers from kaohe/ingest/ledgers.toml (never a
-- user's text), put in by kaohe.ingest.load.
create or replace temp table ingest_kept as
select s.{key} as kept_key, columns(lambda col: not list_contains($given, col))
from {table} as s
where s.{key} in (select c.{key} from ingest_clean as c)
