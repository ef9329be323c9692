-- Current tag evidence attached to each played track it applies to: evidence about a recording
-- or track goes to that track; evidence about a release, release group, album or artist goes to
-- every track linked to it. A name-keyed subject (account data) that resolves to a URI-keyed
-- track takes that track's id, as in fact_plays.
with

evidence as (
    select * from {{ ref('int_tag_evidence_current') }}
),

links as (
    select * from {{ ref('stg_landing__entity_links') }}
),

account_resolution as (
    select * from {{ ref('int_account_tracks_resolved') }}
),

linked_tracks as (
    select distinct
        coalesce(account_resolution.track_id, links.subject_track_id) as track_id,
        links.source,
        links.entity_type,
        links.entity_id
    from links
    left join account_resolution
        on
            links.spotify_track_uri is null
            and links.subject_track_id = account_resolution.name_track_id
),

attached as (
    select
        -- ids
        {{ evidence_id('linked_tracks.track_id', 'evidence.entity_tag_id') }} as evidence_id,
        linked_tracks.track_id,
        evidence.entity_tag_id,
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

        -- timestamps
        evidence.fetched_at
    from evidence
    inner join linked_tracks
        on
            evidence.source = linked_tracks.source
            and evidence.entity_type = linked_tracks.entity_type
            and evidence.entity_id = linked_tracks.entity_id
)

select * from attached
