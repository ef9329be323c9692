-- One row per user with a music play: the longest streak and the current one as of the user's
-- last play (the streak that ends on the local day of that play or on the day before it: a
-- streak is not broken until a whole day passes without a stream). For dim_users.
with

days as (
    select * from {{ ref('int_listening_days_fingerprinted') }}
),

streaks as (
    select * from {{ ref('int_listening_streaks') }}
),

last_days as (
    select
        user_id,
        max(day) as last_play_day
    from days
    group by user_id
),

final as (
    select
        -- ids
        last_days.user_id,

        -- numerics
        cast(coalesce(max(streaks.days), 0) as integer) as longest_streak_days,
        cast(
            coalesce(
                max(streaks.days) filter (
                    where streaks.streak_end >= last_days.last_play_day - 1
                ),
                0
            ) as integer
        ) as current_streak_days,

        -- dates
        last_days.last_play_day
    from last_days
    left join streaks
        on last_days.user_id = streaks.user_id
    group by last_days.user_id, last_days.last_play_day
)

select * from final
