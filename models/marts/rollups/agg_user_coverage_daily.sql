-- Per user and local day: how many streams have a genre and a mood distribution, i.e. what the
-- day's genre and mood rollups cover.
with

user_days as (
    select * from {{ ref('int_user_days_fingerprinted') }}
),

final as (
    select
        -- ids
        user_id,

        -- numerics
        cast(stream_count as bigint) as stream_count,
        cast(streams_with_genre as bigint) as streams_with_genre,
        cast(streams_with_mood as bigint) as streams_with_mood,
        cast(streams_with_genre / stream_count as double) as genre_coverage,
        cast(streams_with_mood / stream_count as double) as mood_coverage,

        -- dates
        day
    from user_days
)

select * from final
