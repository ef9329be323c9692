{{ config(materialized='view') }}

-- Why a track has its mood scores: one row per (track, mood, evidence row) with each factor of
-- the weight and the evidence's share (int_track_score_explanations, facet mood).
-- `share_of_score` summed over a track and mood gives that mood's score.
with

explanations as (
    select * from {{ ref('int_track_score_explanations') }}
    where facet = 'mood'
),

final as (
    select
        -- ids
        track_id,
        category_id as mood_id,
        evidence_id,
        source,
        entity_type,
        entity_id,
        map_source,

        -- strings
        tag_kind,
        tag_raw,
        tag_normalized,
        method_version,

        -- numerics
        raw_weight,
        confidence,
        prior,
        effective_weight,
        share_of_category_weight as share_of_mood_weight,
        share_of_score,
        category_score as mood_score,

        -- timestamps
        fetched_at
    from explanations
)

select * from final
