-- Schema version 50: trends_services, the services the trends page counts under its filters (issue 12).
-- grain: the macro returns one row per service (service_date, unit_id, unit_name, category, people_served,
--   community, kind). parameters: none.
-- Applied once by kaohe.store.migrate(); never edit after release, add a new file (create or replace the macro).
--
-- Every query of queries/trends/ reads its rows through this one table macro, so a filter means the same on every
-- chart and is written once. Arguments, each null for "all" except the period:
--   period_start, period_end (dates, end exclusive);
--   unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted;
--   day_from, day_to (dates, end exclusive); pick_category, pick_kind (varchar);
--   pick_community (varchar): a community's services are those of every unit located in it — its community branch
--     and the offices and firms within it — as the page says;
--   pick_unit (varchar): one branch's services alone;
--   no_community (varchar): the label for units without a community (office sections, firms).
create or replace macro trends_services(
    period_start, period_end, unit_scope, day_from, day_to, pick_category, pick_community, pick_kind, pick_unit,
    no_community
) as table
    select
        s.service_date,
        s.unit_id,
        coalesce(u.name, s.unit_id) as unit_name,
        s.category,
        s.people_served,
        coalesce(u.community, no_community) as community,
        coalesce(u.kind, no_community) as kind
    from services as s
    left join units as u on u.unit_id = s.unit_id
    where s.service_date >= period_start and s.service_date < period_end
      and (cast(unit_scope as varchar[]) is null or list_contains(unit_scope, s.unit_id))
      and (cast(day_from as date) is null or s.service_date >= cast(day_from as date))
      and (cast(day_to as date) is null or s.service_date < cast(day_to as date))
      and (cast(pick_category as varchar) is null or s.category = pick_category)
      and (cast(pick_community as varchar) is null or coalesce(u.community, no_community) = pick_community)
      and (cast(pick_kind as varchar) is null or u.kind = pick_kind)
      and (cast(pick_unit as varchar) is null or s.unit_id = pick_unit);
