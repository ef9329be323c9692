-- Heatmap of genre families (top-level genres) by ISO week: one row per user, ISO year and week
-- and family (track_genre_families.top_level_genre_id), from the user's streams.
with

fact_plays as (
    select * from {{ ref('fact_plays') }}
),

track_genre_families as (
    select * from {{ ref('track_genre_families') }}
),

dim_genres as (
    select * from {{ ref('dim_genres') }}
),

streams as (
    select
        user_id,
        track_id,
        ms_played,
        isoyear(played_date_local) as iso_year,
        weekofyear(played_date_local) as iso_week,
        cast(date_trunc('week', played_date_local) as date) as week_start_date
    from fact_plays
    where is_stream
),

weighted as (
    select
        streams.user_id,
        streams.iso_year,
        streams.iso_week,
        streams.week_start_date,
        track_genre_families.top_level_genre_id as genre_id,
        sum(track_genre_families.score) as plays,
        sum(track_genre_families.score * streams.ms_played) as ms_played
    from streams
    inner join track_genre_families
        on streams.track_id = track_genre_families.track_id
    group by all
),

final as (
    select
        -- ids
        weighted.user_id,
        cast(weighted.genre_id as varchar) as genre_id,

        -- strings
        dim_genres.genre_name,

        -- numerics
        cast(weighted.iso_year as integer) as iso_year,
        cast(weighted.iso_week as integer) as iso_week,
        cast(weighted.plays as double) as plays,
        cast(weighted.ms_played as double) as ms_played,
        cast(
            weighted.plays
            / sum(weighted.plays) over (partition by weighted.user_id, weighted.iso_year, weighted.iso_week)
            as double
        ) as share,

        -- dates
        weighted.week_start_date
    from weighted
    left join dim_genres
        on weighted.genre_id = dim_genres.genre_id
)

select * from final
