-- Every current tag of every source entity, attached to each track in dim_tracks it applies to,
-- with whether it reads as a genre or a mood under the current mapping.
with

evidence as (
    select * from {{ ref('int_tag_evidence_attached') }}
),

tracks as (
    select * from {{ ref('dim_tracks') }}
),

genre_mapped as (
    select distinct evidence_id from {{ ref('int_tag_evidence_mapped_genres') }}
),

mood_mapped as (
    select distinct evidence_id from {{ ref('int_tag_evidence_mapped_moods') }}
),

final as (
    select
        -- ids
        evidence.evidence_id,
        evidence.track_id,
        evidence.source,
        evidence.entity_type,
        evidence.entity_id,

        -- strings
        evidence.tag_kind,
        evidence.tag_raw,
        evidence.tag_normalized,

        -- numerics
        evidence.raw_count,
        evidence.raw_weight,

        -- booleans
        genre_mapped.evidence_id is not null as is_genre_mapped,
        mood_mapped.evidence_id is not null as is_mood_mapped,

        -- timestamps
        evidence.fetched_at
    from evidence
    inner join tracks on evidence.track_id = tracks.track_id
    left join genre_mapped on evidence.evidence_id = genre_mapped.evidence_id
    left join mood_mapped on evidence.evidence_id = mood_mapped.evidence_id
)

select * from final
