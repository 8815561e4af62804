-- The import's lookup tables, copied from frames registered on this cursor by kaohe.ingest.load.
-- grain: ingest_fields one row per staged field; ingest_spellings one row per accepted choice/yes-no
-- spelling; ingest_messages one row per problem code. parameters: none.
create or replace temp table ingest_fields as select * from ingest_fields_frame;
create or replace temp table ingest_spellings as select * from ingest_spellings_frame;
create or replace temp table ingest_messages as select * from ingest_messages_frame;
