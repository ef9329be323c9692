-- One row per track as the plays know it: tracks with a Spotify URI, local files (keyed by artist
-- and track name), and account-data tracks that match no URI-keyed track. Where a track's names
-- differ between exports, the most recent play's names win.
with

plays as (
    select * from {{ ref('int_plays_deduplicated') }}
),

account_resolution as (
    select * from {{ ref('int_account_tracks_resolved') }}
),

extended_plays as (
    select
        natural_track_id as track_id,
        spotify_track_uri,
        track_name,
        artist_name,
        album_name,
        played_at,
        ended_at,
        play_id
    from plays
    where source_format = 'extended' and content_type = 'track'
),

account_only_plays as (
    -- account-data plays whose names match no URI-keyed track become name-keyed tracks
    select
        plays.natural_track_id as track_id,
        null::varchar as spotify_track_uri,
        plays.track_name,
        plays.artist_name,
        null::varchar as album_name,
        plays.played_at,
        plays.ended_at,
        plays.play_id
    from plays
    left join account_resolution
        on plays.natural_track_id = account_resolution.name_track_id
    where
        plays.source_format = 'account_data'
        and plays.content_type = 'track'
        and account_resolution.name_track_id is null
),

all_plays as (
    select * from extended_plays
    union all
    select * from account_only_plays
),

per_track as (
    -- one pass: the names of the most recent play (extended plays, which carry an album, win over
    -- account-only plays of a local-file track; play_id breaks ties) and the play counts
    select
        track_id,
        arg_max(
            {
                'spotify_track_uri': spotify_track_uri,
                'track_name': track_name,
                'artist_name': artist_name,
                'album_name': album_name
            },
            {
                'has_album': album_name is not null,
                'ended_at': ended_at,
                'play_id': play_id
            }
        ) as latest,
        count(*) as play_count,
        min(played_at) as first_played_at,
        max(ended_at) as last_played_at
    from all_plays
    group by track_id
),

latest_names as (
    select
        track_id,
        latest['spotify_track_uri'] as spotify_track_uri,
        latest['track_name'] as track_name,
        latest['artist_name'] as artist_name,
        latest['album_name'] as album_name,
        play_count,
        first_played_at,
        last_played_at
    from per_track
),

final as (
    -- the artist and the export's album are keyed here, once a track, from the names it shows
    select
        track_id,
        spotify_track_uri,
        {{ artist_id('artist_name') }} as artist_id,
        {{ album_id('artist_name', 'album_name') }} as export_album_id,
        track_name,
        artist_name,
        album_name,
        play_count,
        first_played_at,
        last_played_at
    from latest_names
)

select * from final
