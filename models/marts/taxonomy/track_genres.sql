{{ config(materialized='view') }}

-- Per-track genre distribution (CONTRACT "Distributions"): int_track_distributions, facet genre.
--   evidence_weight(c) = sum of effective_weight of the track's evidence mapped to c;
--   score(c) = evidence_weight(c) / sum over all genres of the track.
with

distributions as (
    select * from {{ ref('int_track_distributions') }}
    where facet = 'genre'
),

final as (
    select
        -- ids
        track_id,
        category_id as genre_id,

        -- numerics
        score,
        evidence_weight,
        n_sources,
        n_evidence,

        -- strings
        method_version
    from distributions
)

select * from final
