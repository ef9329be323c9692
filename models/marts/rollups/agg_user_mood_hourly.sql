-- Heatmap of moods by local hour of day: one row per user, hour (0-23) and mood, over all the
-- user's streams; share is within the user and hour.
with

fact_plays as (
    select * from {{ ref('fact_plays') }}
),

track_moods as (
    select * from {{ ref('track_moods') }}
),

dim_moods as (
    select * from {{ ref('dim_moods') }}
),

streams as (
    select
        user_id,
        track_id,
        ms_played,
        hour(played_at_local) as hour_of_day
    from fact_plays
    where is_stream
),

weighted as (
    select
        streams.user_id,
        streams.hour_of_day,
        track_moods.mood_id,
        sum(track_moods.score) as plays,
        sum(track_moods.score * streams.ms_played) as ms_played
    from streams
    inner join track_moods
        on streams.track_id = track_moods.track_id
    group by all
),

final as (
    select
        -- ids
        weighted.user_id,
        cast(weighted.mood_id as varchar) as mood_id,

        -- strings
        dim_moods.mood_name,

        -- numerics
        cast(weighted.hour_of_day as integer) as hour_of_day,
        cast(weighted.plays as double) as plays,
        cast(weighted.ms_played as double) as ms_played,
        cast(
            weighted.plays / sum(weighted.plays) over (partition by weighted.user_id, weighted.hour_of_day)
            as double
        ) as share
    from weighted
    left join dim_moods
        on weighted.mood_id = dim_moods.mood_id
)

select * from final
