-- Latest identity resolution per played track (subject: Spotify URI, else artist + track name).
with

source as (
    select * from {{ source('landing', 'track_matches') }}
),

keyed as (
    select
        -- ids
        {{ track_id('spotify_track_uri', 'artist_name', 'track_name') }} as track_id,
        spotify_track_uri,
        musicbrainz_recording_id,
        isrc,

        -- strings
        artist_name,
        track_name,
        album_name,
        match_method,

        -- numerics
        duration_ms,
        match_confidence,

        -- json
        candidates,

        -- timestamps
        fetched_at
    from source
),

latest as (
    select *
    from keyed
    qualify row_number() over (partition by track_id order by fetched_at desc) = 1
)

select * from latest
