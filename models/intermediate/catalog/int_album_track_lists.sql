-- The full track list of each album (as resolved in int_albums_resolved), one row per (disc,
-- position). Lists are fetched per export album; export albums of one release share the release's
-- list, so the newest fetch of any of them is kept.
with

lists as (
    select * from {{ ref('stg_landing__album_tracks') }}
),

albums as (
    select * from {{ ref('int_albums_resolved') }}
),

on_albums as (
    select
        -- ids
        albums.album_id,
        lists.release_id,
        lists.recording_id,
        lists.isrc,
        lists.spotify_track_uri,

        -- strings
        lists.list_source,
        lists.track_title,

        -- numerics
        lists.disc_number,
        lists.track_position,
        lists.length_ms,

        -- timestamps
        lists.fetched_at
    from lists
    inner join albums
        on lists.album_id = albums.export_album_id
),

deduplicated as (
    select *
    from on_albums
    qualify row_number() over (
        partition by album_id, disc_number, track_position
        order by fetched_at desc, list_source asc, release_id asc
    ) = 1
)

select * from deduplicated
