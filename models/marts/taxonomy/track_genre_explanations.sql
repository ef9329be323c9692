-- Why a track has its genre scores: one row per (track, genre, evidence row) with each
-- factor of the weight and the evidence's share. `share_of_score` summed over a track and
-- genre gives that genre's score ("why is this track 40% shoegaze?" is one query).
with

mapped as (
    select * from {{ ref('int_tag_evidence_mapped_genres') }}
),

scores as (
    select * from {{ ref('track_genres') }}
),

final as (
    select
        -- ids
        mapped.track_id,
        mapped.genre_id,
        mapped.evidence_id,
        mapped.source,
        mapped.entity_type,
        mapped.entity_id,
        mapped.map_source,

        -- strings
        mapped.tag_kind,
        mapped.tag_raw,
        mapped.tag_normalized,
        scores.method_version,

        -- numerics
        mapped.raw_weight,
        mapped.confidence,
        mapped.prior,
        mapped.effective_weight,
        mapped.effective_weight / scores.evidence_weight as share_of_genre_weight,
        mapped.effective_weight / scores.evidence_weight * scores.score as share_of_score,
        scores.score as genre_score,

        -- timestamps
        mapped.fetched_at
    from mapped
    inner join scores
        on
            mapped.track_id = scores.track_id
            and mapped.genre_id = scores.genre_id
)

select * from final
