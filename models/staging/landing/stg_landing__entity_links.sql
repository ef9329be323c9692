-- Which source entities' evidence applies to a played track, keyed by the shared `track_id`.
-- A refresh re-links: per (track, source, entity type) only the links of the latest batch are
-- kept, so a track re-resolved to another recording drops the old recording's evidence, while
-- entity types a refresh did not touch keep their links.
with

source as (
    select * from {{ source('landing', 'entity_links') }}
),

keyed as (
    select
        -- ids
        {{ track_id('spotify_track_uri', 'artist_name', 'track_name') }} as subject_track_id,
        source as source_name,
        entity_type,
        entity_id,
        spotify_track_uri,

        -- strings
        artist_name,
        track_name,

        -- timestamps
        fetched_at
    from source
),

latest_batch as (
    select *
    from keyed
    qualify fetched_at = max(fetched_at) over (
        partition by subject_track_id, source_name, entity_type
    )
),

deduplicated as (
    select distinct * from latest_batch
)

select
    subject_track_id,
    source_name as source,
    entity_type,
    entity_id,
    spotify_track_uri,
    artist_name,
    track_name,
    fetched_at
from deduplicated
