-- Why a track has its mood scores: one row per (track, mood, evidence row) with each
-- factor of the weight and the evidence's share. `share_of_score` summed over a track and
-- mood gives that mood's score ("why is this track 40% shoegaze?" is one query).
with

mapped as (
    select * from {{ ref('int_tag_evidence_mapped_moods') }}
),

scores as (
    select * from {{ ref('track_moods') }}
),

final as (
    select
        -- ids
        mapped.track_id,
        mapped.mood_id,
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
        mapped.effective_weight / scores.evidence_weight as share_of_mood_weight,
        mapped.effective_weight / scores.evidence_weight * scores.score as share_of_score,
        scores.score as mood_score,

        -- timestamps
        mapped.fetched_at
    from mapped
    inner join scores
        on
            mapped.track_id = scores.track_id
            and mapped.mood_id = scores.mood_id
)

select * from final
