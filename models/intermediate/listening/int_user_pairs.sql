-- Every ordered pair of two different users who each have at least one stream, once per
-- comparison period: `all_time`, and `last_365_days`, the 365 local days ending on the later of
-- the two users' last-play days (each user's days in their own time zone). Small: users squared.
with

days as (
    select * from {{ ref('int_listening_days_fingerprinted') }}
),

listeners as (
    select
        user_id,
        min(day) as first_play_day,
        max(day) as last_play_day
    from days
    group by user_id
    having sum(stream_count) > 0
),

pairs as (
    select
        listeners.user_id,
        other_listeners.user_id as other_user_id,
        least(listeners.first_play_day, other_listeners.first_play_day) as first_play_day,
        greatest(listeners.last_play_day, other_listeners.last_play_day) as last_play_day
    from listeners
    inner join listeners as other_listeners
        on listeners.user_id != other_listeners.user_id
),

periods as (
    select
        user_id,
        other_user_id,
        'all_time' as period,
        first_play_day as period_start,
        last_play_day as period_end,
        -- all-time profiles do not depend on the pair: they join on a null window
        cast(null as date) as window_end
    from pairs
    union all
    select
        user_id,
        other_user_id,
        'last_365_days' as period,
        cast(last_play_day - 364 as date) as period_start,
        last_play_day as period_end,
        last_play_day as window_end
    from pairs
),

final as (
    select
        -- ids
        user_id,
        other_user_id,

        -- strings
        period,

        -- dates
        period_start,
        period_end,
        window_end
    from periods
)

select * from final
