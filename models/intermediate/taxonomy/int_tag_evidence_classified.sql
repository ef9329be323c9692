-- Every current tag of every source entity, attached to each track of the plays it applies to,
-- with how the current method reads it: as a genre, as a mood, or deliberately not at all (seed
-- `ignored_tags`: years, "seen live", nationalities, ...).
with

evidence as (
    select * from {{ ref('int_tag_evidence_attached') }}
),

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

mapped as (
    select * from {{ ref('int_tag_evidence_mapped') }}
),

ignored as (
    select * from {{ ref('ignored_tags') }}
),

facets_mapped as (
    select
        evidence_id,
        bool_or(facet = 'genre') as is_genre_mapped,
        bool_or(facet = 'mood') as is_mood_mapped
    from mapped
    group by evidence_id
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
        ignored.reason as ignored_reason,

        -- numerics
        evidence.raw_count,
        evidence.raw_weight,

        -- booleans
        coalesce(facets_mapped.is_genre_mapped, false) as is_genre_mapped,
        coalesce(facets_mapped.is_mood_mapped, false) as is_mood_mapped,
        ignored.tag_normalized is not null as is_ignored,

        -- timestamps
        evidence.fetched_at
    from evidence
    inner join tracks on evidence.track_id = tracks.track_id
    left join facets_mapped on evidence.evidence_id = facets_mapped.evidence_id
    left join ignored on evidence.tag_normalized = ignored.tag_normalized
)

select * from final
