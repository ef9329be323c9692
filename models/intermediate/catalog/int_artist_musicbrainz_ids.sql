-- The MusicBrainz artist of each export artist: among the MusicBrainz artists enrichment linked to
-- the artist's tracks (featured artists included), the one linked to most of them; ties go to the
-- smallest id so the choice is deterministic.
with

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

links as (
    select * from {{ ref('stg_landing__entity_links') }}
),

artist_links as (
    select
        tracks.artist_id,
        links.entity_id as musicbrainz_artist_id,
        count(distinct tracks.track_id) as linked_tracks
    from tracks
    inner join links
        on tracks.track_id = links.subject_track_id
    where
        tracks.artist_id is not null
        and links.source = 'musicbrainz'
        and links.entity_type = 'artist'
    group by tracks.artist_id, links.entity_id
),

chosen as (
    select
        artist_id,
        musicbrainz_artist_id,
        linked_tracks
    from artist_links
    qualify row_number() over (
        partition by artist_id order by linked_tracks desc, musicbrainz_artist_id asc
    ) = 1
)

select * from chosen
