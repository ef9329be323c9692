-- The latest full track list per export album (keyed by the export's album key): one row per
-- track, never-played tracks included.
with

source as (
    select * from {{ source('landing', 'album_tracks') }}
),

keyed as (
    select
        -- ids
        {{ album_id('artist_name', 'album_name') }} as album_id,
        release_id,
        recording_id,
        isrc,
        spotify_track_uri,

        -- strings
        artist_name,
        album_name,
        source as list_source,
        track_title,

        -- numerics
        disc_number,
        track_position,
        length_ms,

        -- timestamps
        fetched_at
    from source
),

latest_list as (
    -- a refetch replaces the whole list: keep the rows of the newest fetch of each album
    select *
    from keyed
    qualify fetched_at = max(fetched_at) over (partition by album_id)
),

deduplicated as (
    select *
    from latest_list
    qualify row_number() over (
        partition by album_id, disc_number, track_position order by list_source, release_id
    ) = 1
)

select * from deduplicated
