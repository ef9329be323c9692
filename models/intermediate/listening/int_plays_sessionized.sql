{{ config(materialized='view') }}

-- Each music play (every column of int_plays_resolved) with the session it belongs to: what
-- fact_plays shows.
--
-- A view: sessions are disjoint runs of plays in order of start, and every session begins with a
-- play that starts later than every play before it, so a play's session is the user's latest
-- session starting at or before it (an ASOF join, O(n log n), no per-play table to write and
-- keep in step when late plays re-form sessions).
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

sessions as (
    select * from {{ ref('int_sessions_formed') }}
    where not is_stale
),

final as (
    select
        plays.*,
        sessions.session_id
    from plays
    asof left join sessions
        on
            plays.user_id = sessions.user_id
            and plays.played_at >= sessions.started_at
)

select * from final
