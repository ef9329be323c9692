-- Moods and genre families by local hour of day: one row per user, facet, hour (0-23) and
-- top-level category (a mood, or a genre family) over all the user's streams, with plays = Σ score,
-- ms_played = Σ score × ms_played, the share within the user, facet and hour, and the hour's
-- coverage. The mood heatmap of hours.
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

families as (
    select * from {{ ref('int_track_family_distributions') }}
),

categories as (
    select * from {{ ref('int_taxonomy_categories') }}
),

streams as (
    select
        user_id,
        track_id,
        ms_played,
        hour(played_at_local) as hour_of_day
    from plays
    where is_stream
),

bucket_streams as (
    select
        user_id,
        hour_of_day,
        count(*) as stream_count
    from streams
    group by user_id, hour_of_day
),

weighted as (
    select
        streams.user_id,
        families.facet,
        families.top_level_category_id as category_id,
        streams.hour_of_day,
        sum(families.score) as plays,
        sum(families.score * streams.ms_played) as ms_played
    from streams
    inner join families
        on streams.track_id = families.track_id
    group by
        streams.user_id,
        families.facet,
        families.top_level_category_id,
        streams.hour_of_day
),

track_facets as (
    select distinct
        track_id,
        facet
    from families
),

bucket_coverage as (
    -- streams of the bucket whose track has a distribution of the facet (each stream once)
    select
        streams.user_id,
        track_facets.facet,
        streams.hour_of_day,
        count(*) as streams_with_distribution
    from streams
    inner join track_facets
        on streams.track_id = track_facets.track_id
    group by
        streams.user_id,
        track_facets.facet,
        streams.hour_of_day
),

final as (
    select
        -- ids
        weighted.user_id,
        weighted.facet,
        cast(weighted.category_id as varchar) as category_id,

        -- strings
        categories.category_name,

        -- numerics
        cast(weighted.hour_of_day as integer) as hour_of_day,
        cast(weighted.plays as double) as plays,
        cast(weighted.ms_played as double) as ms_played,
        cast(
            weighted.plays / sum(weighted.plays)
                over (
                    partition by weighted.user_id, weighted.facet, weighted.hour_of_day
                )
            as double
        ) as share,
        cast(bucket_streams.stream_count as bigint) as bucket_streams,
        cast(
            bucket_coverage.streams_with_distribution / bucket_streams.stream_count as double
        ) as coverage,

        -- booleans
        bucket_coverage.streams_with_distribution / bucket_streams.stream_count
        >= {{ var('min_coverage_to_rank') }} as has_enough_coverage
    from weighted
    inner join bucket_streams
        on
            weighted.user_id = bucket_streams.user_id
            and weighted.hour_of_day = bucket_streams.hour_of_day
    inner join bucket_coverage
        on
            weighted.user_id = bucket_coverage.user_id
            and weighted.facet = bucket_coverage.facet
            and weighted.hour_of_day = bucket_coverage.hour_of_day
    left join categories
        on
            weighted.facet = categories.facet
            and weighted.category_id = categories.category_id
)

select * from final
