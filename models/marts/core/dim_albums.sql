-- One row per album. Until enrichment identifies a release, an album is its export's (artist,
-- album name) pair; the export's "album artist" is really the track's first artist, so a
-- compilation arrives as several such pairs, which become one album once they are matched to the
-- same MusicBrainz release. `track_count` is the length of the album's full track list where
-- enrichment fetched one, null otherwise.
with

albums as (
    select * from {{ ref('int_albums_resolved') }}
),

tracks as (
    select * from {{ ref('dim_tracks') }}
),

track_lists as (
    select * from {{ ref('int_album_track_lists') }}
),

merged as (
    select
        album_id,
        any_value(musicbrainz_release_id) as musicbrainz_release_id,
        any_value(musicbrainz_release_group_id) as musicbrainz_release_group_id,
        any_value(release_title) as release_title,
        any_value(release_artist_name) as release_artist_name,
        any_value(match_method) as match_method,
        max(match_confidence) as match_confidence,
        min(export_album_name) as export_album_name,
        case
            when count(distinct export_artist_name) = 1 then min(export_artist_name)
        end as single_export_artist_name,
        string_agg(distinct export_artist_name, ', ' order by export_artist_name)
            as export_artist_names,
        count(*) as export_albums
    from albums
    group by album_id
),

list_lengths as (
    select
        album_id,
        count(*) as track_count
    from track_lists
    group by album_id
),

tracks_seen as (
    select
        album_id,
        count(*) as tracks_seen
    from tracks
    where album_id is not null
    group by album_id
),

final as (
    select
        -- ids
        merged.album_id,
        merged.musicbrainz_release_id,
        merged.musicbrainz_release_group_id,

        -- strings
        coalesce(merged.release_title, merged.export_album_name) as album_name,
        coalesce(
            merged.release_artist_name,
            merged.single_export_artist_name,
            'Various Artists'
        ) as album_artist_name,
        merged.export_artist_names,
        merged.match_method,

        -- numerics
        list_lengths.track_count,
        coalesce(tracks_seen.tracks_seen, 0) as tracks_seen,
        merged.export_albums,
        merged.match_confidence
    from merged
    left join list_lengths
        on merged.album_id = list_lengths.album_id
    left join tracks_seen
        on merged.album_id = tracks_seen.album_id
)

select * from final
