-- One row per track: Spotify tracks by URI, local files and unmatched account-data tracks by
-- artist and name; with the identity enrichment found (MusicBrainz recording, ISRC).
with

tracks as (
    select * from {{ ref('int_tracks_resolved') }}
),

final as (
    select
        -- ids
        track_id,
        album_id,
        artist_id,
        spotify_track_uri,
        isrc,
        musicbrainz_recording_id,

        -- strings
        track_name,
        artist_name,
        album_name,
        match_method,

        -- numerics
        match_confidence,
        duration_ms,
        play_count,

        -- booleans
        is_name_keyed,

        -- timestamps
        first_played_at,
        last_played_at
    from tracks
)

select * from final
