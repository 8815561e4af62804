-- Headline totals of one period: convenience services, people served, errands run (代办), practical deeds (实事).
-- grain: exactly one row. parameters: $start (date, inclusive), $end (date, exclusive);
--   $unit_scope (varchar[]): the units a scoped viewer (branch, leader) may see, whose rows alone are counted; null = every unit.
-- service_rows and case_rows tell "nothing imported for this period" apart from a true zero.
-- A case counts in the period it was received (received_date), as the office's ledgers are kept.
with services_in_period as (
    select s.people_served
    from services as s
    where s.service_date >= $start and s.service_date < $end
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, s.unit_id))
),

cases_in_period as (
    select c.kind
    from cases as c
    where c.received_date >= $start and c.received_date < $end
      and (cast($unit_scope as varchar[]) is null or list_contains($unit_scope, c.unit_id))
),

service_totals as (
    select
        count(*) as services,
        cast(coalesce(sum(sp.people_served), 0) as bigint) as people_served
    from services_in_period as sp
),

case_totals as (
    select
        count(*) filter (where cp.kind = '代办') as errands,  -- cjk: ledger values
        count(*) filter (where cp.kind = '实事') as deeds,  -- cjk: ledger values
        count(*) as case_rows
    from cases_in_period as cp
),

final as (
    select
        st.services,
        st.people_served,
        ct.errands,
        ct.deeds,
        st.services as service_rows,
        ct.case_rows
    from service_totals as st
    cross join case_totals as ct
)

select * from final
