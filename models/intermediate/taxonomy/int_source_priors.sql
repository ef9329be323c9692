-- How much one source's evidence about one kind of entity counts, per facet (seed
-- `source_entity_priors`): entity specificity (recording/track > release/album > artist) times the
-- source's reliability for the facet. Read here once, by the weighting and by the mart.
with

priors as (
    select * from {{ ref('source_entity_priors') }}
),

final as (
    select
        -- ids
        priors.source,
        priors.entity_type,
        priors.facet,

        -- strings
        priors.reason,

        -- numerics
        -- the contract names this column `prior` (a keyword to sqlfluff)
        cast(priors.prior as double) as prior,  -- noqa: RF04
        cast(priors.entity_specificity as double) as entity_specificity,
        cast(priors.source_reliability as double) as source_reliability
    from priors
)

select * from final
