{{ config(materialized='view') }}

-- Mood rollup per user and local day (CONTRACT "Rollups"): int_user_distributions_daily, facet
-- mood. How incremental builds keep it equal to a full refresh is written there.
with

rollup as (
    select * from {{ ref('int_user_distributions_daily') }}
    where facet = 'mood'
),

final as (
    select
        -- ids
        user_id,
        category_id as mood_id,

        -- numerics
        plays,
        ms_played,
        share,

        -- fingerprints
        source_fingerprint,

        -- dates
        day
    from rollup
)

select * from final
