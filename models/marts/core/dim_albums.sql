-- One row per album as the exports name it: the (artist, album name) pair of its tracks. The
-- export's "album artist" is really the track's first artist, so a compilation appears as several
-- albums here; enrichment attaches the MusicBrainz release (the same release id on each piece),
-- which is where such albums can be merged. `track_count` is the length of the album's full track
-- list where enrichment fetched one, null otherwise.
with

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

matches as (
    select * from {{ ref('stg_landing__album_matches') }}
),

track_lists as (
    select * from {{ ref('stg_landing__album_tracks') }}
),

albums_from_plays as (
    select
        album_id,
        arg_max(album_name, last_played_at) as album_name,
        arg_max(artist_name, last_played_at) as export_artist_name,
        count(*) as tracks_seen
    from tracks
    where album_id is not null
    group by album_id
),

list_lengths as (
    select
        album_id,
        count(*) as track_count
    from track_lists
    group by album_id
),

final as (
    select
        -- ids
        albums_from_plays.album_id,
        matches.musicbrainz_release_id,
        matches.musicbrainz_release_group_id,

        -- strings
        albums_from_plays.album_name,
        coalesce(matches.release_artist_name, albums_from_plays.export_artist_name)
            as album_artist_name,
        albums_from_plays.export_artist_name,
        matches.match_method,

        -- numerics
        list_lengths.track_count,
        albums_from_plays.tracks_seen,
        matches.match_confidence
    from albums_from_plays
    left join matches
        on albums_from_plays.album_id = matches.album_id
    left join list_lengths
        on albums_from_plays.album_id = list_lengths.album_id
)

select * from final
