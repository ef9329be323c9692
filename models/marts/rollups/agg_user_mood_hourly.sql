{{ config(materialized='view') }}

-- Heatmap of moods by local hour of day: one row per user, hour (0-23) and mood over all the
-- user's streams, share within the user and hour, with the hour's coverage
-- (int_user_distributions_hourly, facet mood).
with

hourly as (
    select * from {{ ref('int_user_distributions_hourly') }}
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
        hour_of_day,
        plays,
        ms_played,
        share,
        bucket_streams as hour_streams,
        coverage,

        -- booleans
        has_enough_coverage
    from hourly
)

select * from final
