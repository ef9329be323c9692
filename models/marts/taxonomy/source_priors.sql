{{ config(materialized='view') }}

-- How much one source's evidence about one kind of entity counts, per facet (seed
-- `source_entity_priors`): entity specificity (recording/track > release/album > artist) times the
-- source's reliability for the facet.
with

priors as (
    select * from {{ ref('int_source_priors') }}
),

final as (
    select
        -- ids
        source,
        entity_type,
        facet,

        -- strings
        reason,

        -- numerics
        -- the contract names this column `prior` (a keyword to sqlfluff)
        prior,  -- noqa: RF04
        entity_specificity,
        source_reliability
    from priors
)

select * from final
