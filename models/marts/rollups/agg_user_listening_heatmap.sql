-- Plays by local weekday and hour: the full 7 x 24 grid for every user with a play (0 where
-- none), so that a heatmap has no holes.
with

fact_plays as (
    select * from {{ ref('int_plays_resolved') }}
),

users as (
    select distinct user_id from fact_plays
),

weekdays as (
    select weekday_range.range as iso_weekday
    from range(1, 8) as weekday_range
),

hours as (
    select hour_range.range as hour_of_day
    from range(0, 24) as hour_range
),

grid as (
    select
        users.user_id,
        weekdays.iso_weekday,
        hours.hour_of_day
    from users
    cross join weekdays
    cross join hours
),

cells as (
    select
        user_id,
        isodow(played_at_local) as iso_weekday,
        hour(played_at_local) as hour_of_day,
        count(*) as play_count,
        count(*) filter (where is_stream) as stream_count,
        sum(ms_played) as ms_played
    from fact_plays
    group by all
),

final as (
    select
        -- ids
        grid.user_id,

        -- strings
        (['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])[
            grid.iso_weekday
        ] as weekday_name,

        -- numerics
        cast(grid.iso_weekday as integer) as iso_weekday,
        cast(grid.hour_of_day as integer) as hour_of_day,
        cast(coalesce(cells.play_count, 0) as bigint) as play_count,
        cast(coalesce(cells.stream_count, 0) as bigint) as stream_count,
        cast(coalesce(cells.ms_played, 0) as bigint) as ms_played
    from grid
    left join cells
        on
            grid.user_id = cells.user_id
            and grid.iso_weekday = cells.iso_weekday
            and grid.hour_of_day = cells.hour_of_day
)

select * from final
