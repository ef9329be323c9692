{{ config(materialized='view') }}

-- Why a track has its genre scores: one row per (track, genre, evidence row) with each factor of
-- the weight and the evidence's share (int_track_score_explanations, facet genre).
-- `share_of_score` summed over a track and genre gives that genre's score.
with

explanations as (
    select * from {{ ref('int_track_score_explanations') }}
    where facet = 'genre'
),

final as (
    select
        -- ids
        track_id,
        category_id as genre_id,
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
        share_of_category_weight as share_of_genre_weight,
        share_of_score,
        category_score as genre_score,

        -- timestamps
        fetched_at
    from explanations
)

select * from final
