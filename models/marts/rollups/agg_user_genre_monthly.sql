{{ config(materialized='view') }}

-- Genre rollup per user and local month (CONTRACT "Rollups"): int_user_distributions_monthly, facet
-- genre. How incremental builds keep it equal to a full refresh is written there.
with

rollup as (
    select * from {{ ref('int_user_distributions_monthly') }}
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
        month
    from rollup
)

select * from final
