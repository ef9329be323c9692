-- One row per track with its resolved album (the release once enrichment identified it) and the
-- identity enrichment found (MusicBrainz recording, ISRC): what dim_tracks shows and what every
-- play of the track is attributed to.
with

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

matches as (
    select * from {{ ref('stg_landing__track_matches') }}
),

albums as (
    select * from {{ ref('int_albums_resolved') }}
),

final as (
    select
        -- ids
        tracks.track_id,
        albums.album_id,
        tracks.artist_id,
        tracks.export_album_id,
        tracks.spotify_track_uri,
        matches.isrc,
        matches.musicbrainz_recording_id,

        -- strings
        tracks.track_name,
        tracks.artist_name,
        tracks.album_name,
        matches.match_method,

        -- numerics
        matches.match_confidence,
        matches.duration_ms,
        tracks.play_count,

        -- booleans
        tracks.spotify_track_uri is null as is_name_keyed,

        -- timestamps
        tracks.first_played_at,
        tracks.last_played_at
    from tracks
    left join matches
        on tracks.track_id = matches.track_id
    left join albums
        on tracks.export_album_id = albums.export_album_id
)

select * from final
