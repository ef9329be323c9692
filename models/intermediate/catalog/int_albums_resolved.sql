-- Which album each export album is. Until enrichment identifies a release, an album is its
-- export's (artist, album name) pair; once it does, every export album matched to that release is
-- the same album (a compilation, which the export splits by track artist, becomes one).
with

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

matches as (
    select * from {{ ref('stg_landing__album_matches') }}
    where musicbrainz_release_id is not null
),

export_albums as (
    select
        export_album_id,
        arg_max(album_name, last_played_at) as export_album_name,
        arg_max(artist_name, last_played_at) as export_artist_name
    from tracks
    where export_album_id is not null
    group by export_album_id
),

resolved as (
    select
        -- ids
        export_albums.export_album_id,
        case
            when matches.musicbrainz_release_id is not null
                then {{ release_album_id('matches.musicbrainz_release_id') }}
            else export_albums.export_album_id
        end as album_id,
        matches.musicbrainz_release_id,
        matches.musicbrainz_release_group_id,

        -- strings
        export_albums.export_album_name,
        export_albums.export_artist_name,
        matches.release_title,
        matches.release_artist_name,
        matches.match_method,

        -- numerics
        matches.match_confidence
    from export_albums
    left join matches
        on export_albums.export_album_id = matches.album_id
)

select * from resolved
