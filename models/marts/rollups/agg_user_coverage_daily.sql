{{ config(materialized='view') }}

-- Per user and local day: how many streams have a genre and a mood distribution, i.e. what the
-- day's genre and mood rollups cover (int_user_days_fingerprinted, one row per facet, side by side).
with

coverage as (
    select * from {{ ref('int_user_days_fingerprinted') }}
),

final as (
    select
        -- ids
        user_id,

        -- numerics
        cast(any_value(stream_count) as bigint) as stream_count,
        cast(sum(streams_with_distribution) filter (where facet = 'genre') as bigint)
            as streams_with_genre,
        cast(sum(streams_with_distribution) filter (where facet = 'mood') as bigint)
            as streams_with_mood,
        cast(
            sum(streams_with_distribution) filter (where facet = 'genre')
            / any_value(stream_count) as double
        ) as genre_coverage,
        cast(
            sum(streams_with_distribution) filter (where facet = 'mood')
            / any_value(stream_count) as double
        ) as mood_coverage,

        -- booleans: enough classified listening to rank genres (moods) of the period
        coalesce(
            sum(streams_with_distribution) filter (where facet = 'genre')
            / any_value(stream_count) >= {{ var('min_coverage_to_rank') }},
            false
        ) as has_enough_genre_coverage,
        coalesce(
            sum(streams_with_distribution) filter (where facet = 'mood')
            / any_value(stream_count) >= {{ var('min_coverage_to_rank') }},
            false
        ) as has_enough_mood_coverage,

        -- dates
        day
    from coverage
    group by user_id, day
)

select * from final
