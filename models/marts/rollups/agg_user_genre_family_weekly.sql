{{ config(materialized='view') }}

-- Heatmap of genre families (top-level genres) by ISO week: one row per user, ISO year and week
-- and family, from the user's streams, with the week's coverage (int_user_distributions_weekly,
-- facet genre).
with

weekly as (
    select * from {{ ref('int_user_distributions_weekly') }}
    where facet = 'genre'
),

final as (
    select
        -- ids
        user_id,
        category_id as genre_id,

        -- strings
        category_name as genre_name,

        -- numerics
        iso_year,
        iso_week,
        plays,
        ms_played,
        share,
        bucket_streams as week_streams,
        coverage,

        -- booleans
        has_enough_coverage,

        -- dates
        week_start_date
    from weekly
)

select * from final
