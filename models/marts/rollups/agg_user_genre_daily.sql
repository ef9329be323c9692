{{ config(materialized='view') }}

-- Genre rollup per user and local day (CONTRACT "Rollups"): int_user_distributions_daily, facet
-- genre. How incremental builds keep it equal to a full refresh is written there.
with

rollup as (
    select * from {{ ref('int_user_distributions_daily') }}
    where facet = 'genre'
),

final as (
    select
        -- ids
        user_id,
        category_id as genre_id,

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
