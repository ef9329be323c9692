-- How each user listens in sessions, per local month: sessions per listening day, the median
-- session's length and plays, and the share of sessions that run past local midnight.
with

users as (
    select * from {{ ref('dim_users') }}
),

sessions as (
    select * from {{ ref('fact_sessions') }}
),

monthly as (
    select * from {{ ref('agg_user_listening_monthly') }}
),

session_months as (
    select
        user_id,
        cast(date_trunc('month', started_date_local) as date) as month,
        median(duration_ms) / 60000.0 as median_session_minutes,
        median(plays) as median_session_plays,
        avg(
            cast(cast(started_at_local + to_milliseconds(duration_ms) as date) > started_date_local as integer)
        ) as past_midnight_share
    from sessions
    group by user_id, cast(date_trunc('month', started_date_local) as date)
)

select
    users.username,
    monthly.month,
    monthly.sessions,
    monthly.days_listened,
    round(monthly.sessions / monthly.days_listened, 2) as sessions_per_listening_day,
    round(session_months.median_session_minutes, 1) as median_session_minutes,
    session_months.median_session_plays,
    round(session_months.past_midnight_share, 3) as past_midnight_share
from monthly
inner join users
    on monthly.user_id = users.user_id
inner join session_months
    on
        monthly.user_id = session_months.user_id
        and monthly.month = session_months.month
order by users.username, monthly.month
