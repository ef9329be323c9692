-- Per user and local month: how many streams have a genre and a mood distribution, i.e. what
-- the month's genre and mood rollups cover.
with

user_days as (
    select * from {{ ref('int_user_days_fingerprinted') }}
),

user_months as (
    select
        user_id,
        month,
        sum(stream_count) as stream_count,
        sum(streams_with_genre) as streams_with_genre,
        sum(streams_with_mood) as streams_with_mood
    from user_days
    group by user_id, month
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
        month
    from user_months
)

select * from final
