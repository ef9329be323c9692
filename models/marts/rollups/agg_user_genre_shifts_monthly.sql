{{ config(materialized='view') }}

-- How much each genre's share of a user's month rose or fell against their previous month
-- (int_user_distribution_shifts_monthly, facet genre), with the coverage of both months.
with

shifts as (
    select * from {{ ref('int_user_distribution_shifts_monthly') }}
    where facet = 'genre'
),

final as (
    select
        -- ids
        user_id,
        category_id as genre_id,

        -- numerics
        plays,
        previous_plays,
        share,
        previous_share,
        share_change,
        rise_rank,
        fall_rank,
        months_apart,
        coverage,
        previous_coverage,

        -- booleans
        has_enough_coverage,

        -- dates
        month,
        previous_month
    from shifts
)

select * from final
