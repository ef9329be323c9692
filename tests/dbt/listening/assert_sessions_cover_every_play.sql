-- Every music play is in exactly one session: per user, the sessions' plays, streams and
-- milliseconds add up to the day fingerprints' counts of the same plays (an incremental run that
-- lost or doubled a play when it re-formed sessions fails here). Reads two small tables, not
-- the plays. Fails with one row per user whose figures differ.
with

sessions as (
    select * from {{ ref('int_sessions_formed') }}
    where not is_stale
),

days as (
    select * from {{ ref('int_listening_days_fingerprinted') }}
),

session_totals as (
    select
        user_id,
        sum(plays) as plays,
        sum(streams) as streams
    from sessions
    group by user_id
),

day_totals as (
    select
        user_id,
        sum(play_count) as plays,
        sum(stream_count) as streams
    from days
    group by user_id
)

select
    coalesce(session_totals.user_id, day_totals.user_id) as user_id,
    session_totals.plays as session_plays,
    day_totals.plays as day_plays,
    session_totals.streams as session_streams,
    day_totals.streams as day_streams
from session_totals
full outer join day_totals
    on session_totals.user_id = day_totals.user_id
where
    session_totals.plays is distinct from day_totals.plays
    or session_totals.streams is distinct from day_totals.streams
