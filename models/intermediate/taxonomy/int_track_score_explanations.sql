-- Why a track has its scores, genre and mood alike: one row per (track, facet, category,
-- evidence row) with each factor of the weight and the evidence's share. `share_of_score` summed
-- over a track, facet and category gives that category's score ("why is this track 40%
-- shoegaze?" is one query).
with

mapped as (
    select * from {{ ref('int_tag_evidence_mapped') }}
),

distributions as (
    select * from {{ ref('int_track_distributions') }}
),

final as (
    select
        -- ids
        mapped.track_id,
        mapped.facet,
        mapped.category_id,
        mapped.evidence_id,
        mapped.source,
        mapped.entity_type,
        mapped.entity_id,
        mapped.map_source,

        -- strings
        mapped.tag_kind,
        mapped.tag_raw,
        mapped.tag_normalized,
        distributions.method_version,

        -- numerics
        mapped.raw_weight,
        mapped.confidence,
        mapped.prior,
        mapped.effective_weight,
        mapped.effective_weight / distributions.evidence_weight as share_of_category_weight,
        mapped.effective_weight / distributions.evidence_weight * distributions.score
            as share_of_score,
        distributions.score as category_score,

        -- timestamps
        mapped.fetched_at
    from mapped
    inner join distributions
        on
            mapped.track_id = distributions.track_id
            and mapped.facet = distributions.facet
            and mapped.category_id = distributions.category_id
)

select * from final
