-- Schema version 5: which stored scheme version is in force for a period, as an explicit, audited choice.
-- grain: one row per activation (启用). parameters: none.
-- Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- Saving a version (kaohe.workflow.save_version) does not put it in force: an assessor 启用s it, and can 启用 an
-- earlier version again. Append-only: the latest activation of a period wins (scheme_in_force below). A period
-- without any activation is scored under its shipped file data/schemes/<year>.toml, or its first stored version.

create sequence scheme_activation_id_seq start 1;
create table scheme_activations (
    activation_id integer primary key default nextval('scheme_activation_id_seq'),
    period        varchar not null,  -- the period the scheme is written for (schemes.period), e.g. '2025'
    scheme_id     varchar not null,  -- with version: the stored scheme version put in force
    version       integer not null,
    activated_by  varchar not null,  -- user name
    activated_at  timestamp not null default current_timestamp,
    note          varchar            -- why, as typed by the assessor
);

-- The activation in force per period: its latest row.
create view scheme_in_force as
select a.*
from scheme_activations as a
qualify row_number() over (partition by a.period order by a.activated_at desc, a.activation_id desc) = 1;
