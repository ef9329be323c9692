{{ config(materialized='view') }}

-- Month-over-month Jensen-Shannon divergence of each user's mood distribution, with the moods
-- that rose and fell most (int_user_distribution_drift_monthly, facet mood).
with

drift as (
    select * from {{ ref('int_user_distribution_drift_monthly') }}
    where facet = 'mood'
),

final as (
    select
        -- ids
        user_id,
        top_rising_category_id as top_rising_mood_id,
        top_falling_category_id as top_falling_mood_id,

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
