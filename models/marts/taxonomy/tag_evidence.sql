{{ config(materialized='view') }}

-- Every current tag of every source entity, attached to each track in dim_tracks it applies to,
-- with whether it reads as a genre or a mood under the current mapping.
with

evidence as (
    select * from {{ ref('int_tag_evidence_classified') }}
),

final as (
    select
        -- ids
        evidence_id,
        track_id,
        source,
        entity_type,
        entity_id,

        -- strings
        tag_kind,
        tag_raw,
        tag_normalized,

        -- numerics
        raw_count,
        raw_weight,

        -- booleans
        is_genre_mapped,
        is_mood_mapped,

        -- timestamps
        fetched_at
    from evidence
)

select * from final
