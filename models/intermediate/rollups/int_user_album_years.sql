-- Per user, local-time year and album with at least one stream: how the album was listened to,
-- counting every track of the album, played or not.
--
-- The album's tracks are its full track list where enrichment fetched one (played tracks are
-- matched onto the list by MusicBrainz recording, Spotify URI, then name; a played track that
-- matches no entry is counted as one more track rather than dropped), otherwise every track of the
-- album seen in any user's plays. Streams per track are counted with 0 where none.
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

tracks as (
    select * from {{ ref('int_tracks_resolved') }}
),

track_lists as (
    select * from {{ ref('int_album_track_lists') }}
),

streams as (
    select
        user_id,
        album_id,
        track_id,
        year(played_at_local) as year,
        count(*) as stream_count
    from plays
    where is_stream and album_id is not null
    group by user_id, album_id, track_id, year(played_at_local)
),

album_years as (
    select distinct
        user_id,
        year,
        album_id
    from streams
),

list_entries as (
    select
        album_id,
        recording_id,
        spotify_track_uri,
        {{ name_key('track_title') }} as title_key,
        'entry:' || disc_number || ':' || track_position as unit_key
    from track_lists
),

tracks_on_lists as (
    -- a played track matched onto its album's list entry: recording, then URI, then name
    select
        tracks.track_id,
        list_entries.unit_key
    from tracks
    inner join list_entries
        on
            tracks.album_id = list_entries.album_id
            and (
                tracks.musicbrainz_recording_id = list_entries.recording_id
                or tracks.spotify_track_uri = list_entries.spotify_track_uri
                or {{ name_key('tracks.track_name') }} = list_entries.title_key
            )
    qualify row_number() over (
        partition by tracks.track_id
        order by
            (tracks.musicbrainz_recording_id = list_entries.recording_id) desc nulls last,
            (tracks.spotify_track_uri = list_entries.spotify_track_uri) desc nulls last,
            list_entries.unit_key
    ) = 1
),

track_units as (
    select
        tracks.track_id,
        tracks.album_id,
        coalesce(tracks_on_lists.unit_key, 'track:' || tracks.track_id) as unit_key
    from tracks
    left join tracks_on_lists
        on tracks.track_id = tracks_on_lists.track_id
    where tracks.album_id is not null
),

album_units as (
    select distinct
        album_id,
        unit_key
    from list_entries
    union
    select
        album_id,
        unit_key
    from track_units
),

unit_streams as (
    select
        streams.user_id,
        streams.year,
        streams.album_id,
        track_units.unit_key,
        sum(streams.stream_count) as stream_count
    from streams
    inner join track_units
        on streams.track_id = track_units.track_id
    group by streams.user_id, streams.year, streams.album_id, track_units.unit_key
),

grid as (
    select
        album_years.user_id,
        album_years.year,
        album_years.album_id,
        album_units.unit_key,
        coalesce(unit_streams.stream_count, 0) as stream_count
    from album_years
    inner join album_units
        on album_years.album_id = album_units.album_id
    left join unit_streams
        on
            album_years.user_id = unit_streams.user_id
            and album_years.year = unit_streams.year
            and album_units.album_id = unit_streams.album_id
            and album_units.unit_key = unit_streams.unit_key
),

final as (
    select
        user_id,
        year,
        album_id,
        count(*) as album_track_count,
        count(*) filter (where stream_count > 0) as tracks_played,
        sum(stream_count)::bigint as plays,
        {{ median('stream_count') }} as median_plays_per_track
    from grid
    group by user_id, year, album_id
)

select * from final
