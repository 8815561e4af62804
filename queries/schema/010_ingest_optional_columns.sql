-- Schema version 10: ledger columns a file may lack. A ledger needs only its unit, its date and what
-- decides a row's kind; a file without one of the other columns still loads, and these columns stay NULL on
-- its rows (the measures that read them leave such rows out and the import says which indicators lose data).
-- grain: none (constraints only). parameters: none. Applied once by kaohe.store.migrate(); never edit after
-- release, add a new file.
alter table services alter column title drop not null;
alter table services alter column people_served drop not null;
alter table meetings alter column topic drop not null;
alter table cases alter column type drop not null;
alter table cases alter column title drop not null;
alter table cases alter column status drop not null;
alter table disputes alter column summary drop not null;
alter table disputes alter column resolved drop not null;
alter table disputes alter column escalated drop not null;
