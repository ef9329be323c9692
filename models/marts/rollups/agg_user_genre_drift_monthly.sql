{{ config(materialized='view') }}

-- Month-over-month Jensen-Shannon divergence of each user's genre distribution, with the genres
-- that rose and fell most (int_user_distribution_drift_monthly, facet genre).
with

drift as (
    select * from {{ ref('int_user_distribution_drift_monthly') }}
    where facet = 'genre'
),

final as (
    select
        -- ids
        user_id,
        top_rising_category_id as top_rising_genre_id,
        top_falling_category_id as top_falling_genre_id,

        -- numerics
        js_divergence,
        top_rising_share_change,
        top_falling_share_change,
        month_plays,
        previous_month_plays,
        months_apart,
        coverage,
        previous_coverage,

        -- booleans
        has_enough_coverage,

        -- dates
        month,
        previous_month
    from drift
)

select * from final
