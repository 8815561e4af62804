-- Schema version 30: the office's leaders (班子成员) and the units each answers for, and accounts for them.
-- grain: leaders one row per leader; leader_units one row per leader and unit. parameters: none.
-- Applied once by kaohe.store.migrate(); never edit after release, add a new file.
--
-- "每个班子成员联系1个社区党组织" and "街道科室分包社区(村)制度": a leader answers for the units they are linked to
-- (联系点) and for the communities (村) the department they lead is responsible for (分包社区). The list is current
-- state, like the roster: an imported list (ledger `leaders`) replaces the rows it names, an assessor's edit
-- replaces one row, and both are audited. A leader account (role leader) sees exactly leader_units.

-- One row per leader (班子成员联系点名册).
create table leaders (
    name          varchar primary key,  -- 姓名, as the list writes it; a leader account names it in users.leader
    post          varchar,              -- 职务, e.g. 党工委副书记
    unit_ids      varchar[],            -- 联系点: the units the leader is linked to (units.unit_id)
    department    varchar,              -- 分管科室: the office section the leader leads, e.g. 党建办
    community_ids varchar[],            -- 分包社区: the community (村) party organisations the department answers for
    source_file   varchar,              -- the file it was imported from; null when entered on the page
    source_row    integer,              -- its row there (the list's order); kept when the row is edited
    import_id     integer               -- imports.import_id; null when entered on the page
);

-- The units each leader answers for, and why: linked (联系点) or through their department (分包社区). A unit both
-- linked and through the department is listed once, as linked. Units no longer on the roster are left out.
create view leader_units as
with named as (
    select l.name as leader, unnest(l.unit_ids) as unit_id, 'link' as basis from leaders as l
    union all
    select l.name as leader, unnest(l.community_ids) as unit_id, 'department' as basis from leaders as l
),

final as (
    select
        n.leader,
        n.unit_id,
        case when bool_or(n.basis = 'link') then 'link' else 'department' end as basis
    from named as n
    semi join units as u on u.unit_id = n.unit_id
    group by n.leader, n.unit_id
)

select * from final;

-- Accounts gain the role leader, tied to a leader of the list. DuckDB cannot change a table's checks, so the
-- table is rebuilt with every row kept (nothing refers to it by key: sessions and the audit log name users).
create table users_before_030 as select * from users;
drop table users;
create table users (
    user_name     varchar primary key,  -- sign-in name, lower case, e.g. 'zhangwei'
    display_name  varchar not null,     -- name shown in the app, e.g. 张伟
    role          varchar not null,     -- secretary | assessor | analyst | branch | leader | admin
    unit_id       varchar,              -- the one unit a branch user sees; null for every other role
    leader        varchar,              -- the leader (leaders.name) a leader user is; null for every other role
    password_hash varchar not null,     -- argon2id hash in PHC format; never the password
    disabled      boolean not null default false,
    created_at    timestamp not null,
    changed_at    timestamp not null,   -- last change to the account (password, role, disabled)
    check (role in ('secretary', 'assessor', 'analyst', 'branch', 'leader', 'admin')),
    check ((role = 'branch') = (unit_id is not null)),
    check ((role = 'leader') = (leader is not null))
);
insert into users (user_name, display_name, role, unit_id, password_hash, disabled, created_at, changed_at)
select b.user_name, b.display_name, b.role, b.unit_id, b.password_hash, b.disabled, b.created_at, b.changed_at
from users_before_030 as b;
drop table users_before_030;
