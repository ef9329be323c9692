{{ config(materialized='view') }}

-- Every mood of each user's streams in the last 90 local days before their last play (or up to
-- the dbt var top_window_end_date), ranked, with the share of the window's streams it covers and
-- whether that coverage is enough to rank (int_user_top_categories, facet mood).
with

top_categories as (
    select * from {{ ref('int_user_top_categories') }}
    where facet = 'mood'
),

final as (
    select
        -- ids
        user_id,
        category_id as mood_id,

        -- strings
        category_name as mood_name,

        -- numerics
        category_rank as mood_rank,
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
