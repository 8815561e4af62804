-- A session by its token hash, with the account it belongs to (for the check on every page run), and for a
-- leader account the units that leader answers for now (leader_units), so an edited leaders list takes effect
-- on the next page run.
-- grain: zero or one row. parameters: $token_hash.
with session as (
    select s.token_hash, s.user_name, s.created_at, s.last_seen, s.ended_at, s.end_reason
    from sessions as s
    where s.token_hash = $token_hash
),

final as (
    select
        session.*,
        u.display_name,
        u.role,
        u.unit_id,
        u.leader,
        coalesce(
            (select list(lu.unit_id order by lu.unit_id) from leader_units as lu where lu.leader = u.leader),
            []
        ) as leader_units,
        u.disabled
    from session
    inner join users as u on u.user_name = session.user_name
)

select * from final
