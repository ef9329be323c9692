-- Genre families and moods by ISO week: one row per user, facet, ISO year and week and top-level
-- category (a genre family, or a mood) with plays = Σ score and ms_played = Σ score × ms_played over
-- the week's streams, the share within the user, facet and week, and the week's coverage (streams
-- with a distribution of the facet / all streams of the week). The genre heatmap of weeks.
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
        isoyear(played_date_local) as iso_year,
        weekofyear(played_date_local) as iso_week,
        cast(date_trunc('week', played_date_local) as date) as week_start_date
    from plays
    where is_stream
),

bucket_streams as (
    select
        user_id,
        iso_year,
        iso_week,
        count(*) as stream_count
    from streams
    group by user_id, iso_year, iso_week
),

weighted as (
    select
        streams.user_id,
        families.facet,
        families.top_level_category_id as category_id,
        streams.iso_year,
        streams.iso_week,
        streams.week_start_date,
        sum(families.score) as plays,
        sum(families.score * streams.ms_played) as ms_played
    from streams
    inner join families
        on streams.track_id = families.track_id
    group by
        streams.user_id,
        families.facet,
        families.top_level_category_id,
        streams.iso_year,
        streams.iso_week,
        streams.week_start_date
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
        streams.iso_year,
        streams.iso_week,
        count(*) as streams_with_distribution
    from streams
    inner join track_facets
        on streams.track_id = track_facets.track_id
    group by
        streams.user_id,
        track_facets.facet,
        streams.iso_year,
        streams.iso_week
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
        cast(weighted.iso_year as integer) as iso_year,
        cast(weighted.iso_week as integer) as iso_week,
        cast(weighted.plays as double) as plays,
        cast(weighted.ms_played as double) as ms_played,
        cast(
            weighted.plays / sum(weighted.plays)
                over (
                    partition by
                        weighted.user_id, weighted.facet, weighted.iso_year, weighted.iso_week
                )
            as double
        ) as share,
        cast(bucket_streams.stream_count as bigint) as bucket_streams,
        cast(
            bucket_coverage.streams_with_distribution / bucket_streams.stream_count as double
        ) as coverage,

        -- booleans
        bucket_coverage.streams_with_distribution / bucket_streams.stream_count
        >= {{ var('min_coverage_to_rank') }} as has_enough_coverage,

        -- dates
        weighted.week_start_date
    from weighted
    inner join bucket_streams
        on
            weighted.user_id = bucket_streams.user_id
            and weighted.iso_year = bucket_streams.iso_year
            and weighted.iso_week = bucket_streams.iso_week
    inner join bucket_coverage
        on
            weighted.user_id = bucket_coverage.user_id
            and weighted.facet = bucket_coverage.facet
            and weighted.iso_year = bucket_coverage.iso_year
            and weighted.iso_week = bucket_coverage.iso_week
    left join categories
        on
            weighted.facet = categories.facet
            and weighted.category_id = categories.category_id
)

select * from final
