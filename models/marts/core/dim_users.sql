-- One row per user seen in any export (or given a time zone), with the time zone their local
-- times are computed in.
with

users as (
    select * from {{ ref('int_users_resolved') }}
),

streaks as (
    select * from {{ ref('int_user_streaks_summarized') }}
),

final as (
    select
        users.user_id,
        users.username,
        users.timezone,
        users.timezone_set_at,
        cast(coalesce(streaks.longest_streak_days, 0) as integer) as longest_streak_days,
        cast(coalesce(streaks.current_streak_days, 0) as integer) as current_streak_days
    from users
    left join streaks
        on users.user_id = streaks.user_id
)

select * from final
