{{ config(materialized='view') }}

-- Every genre of each user's streams in the last 90 local days before their last play (or up to
-- the dbt var top_window_end_date), ranked, with the share of the window's streams it covers and
-- whether that coverage is enough to rank (int_user_top_categories, facet genre).
with

top_categories as (
    select * from {{ ref('int_user_top_categories') }}
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
        category_rank as genre_rank,
        plays,
        ms_played,
        share,
        window_streams,
        window_streams_with_distribution,
        coverage as window_coverage,
        coverage,

        -- booleans
        has_enough_coverage,

        -- dates
        window_start_date,
        window_end_date
    from top_categories
)

select * from final
