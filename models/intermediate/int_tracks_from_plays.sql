-- One row per track as the plays know it: tracks with a Spotify URI, local files (keyed by artist
-- and track name), and account-data tracks that match no URI-keyed track. Where a track's names
-- differ between exports, the most recent play's names win.
with

plays as (
    select * from {{ ref('int_plays_unioned') }}
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
        artist_id,
        album_name,
        export_album_id,
        played_at,
        ended_at,
        play_id
    from plays
    where source_format = 'extended' and content_type = 'track'
),

account_only_plays as (
    -- account-data plays whose names match no URI-keyed track become name-keyed tracks
    select
        plays.name_track_id as track_id,
        null::varchar as spotify_track_uri,
        plays.track_name,
        plays.artist_name,
        plays.artist_id,
        null::varchar as album_name,
        null::varchar as export_album_id,
        plays.played_at,
        plays.ended_at,
        plays.play_id
    from plays
    left join account_resolution
        on plays.name_track_id = account_resolution.name_track_id
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

play_counts as (
    select
        track_id,
        count(*) as play_count,
        min(played_at) as first_played_at,
        max(ended_at) as last_played_at
    from all_plays
    group by track_id
),

latest_names as (
    -- extended plays (which carry an album) win over account-only plays of a local-file track
    select
        track_id,
        spotify_track_uri,
        track_name,
        artist_name,
        artist_id,
        album_name,
        export_album_id
    from all_plays
    qualify row_number() over (
        partition by track_id
        order by (export_album_id is not null) desc, ended_at desc, play_id desc
    ) = 1
),

final as (
    select
        latest_names.track_id,
        latest_names.spotify_track_uri,
        latest_names.artist_id,
        latest_names.export_album_id,
        latest_names.track_name,
        latest_names.artist_name,
        latest_names.album_name,
        play_counts.play_count,
        play_counts.first_played_at,
        play_counts.last_played_at
    from latest_names
    inner join play_counts
        on latest_names.track_id = play_counts.track_id
)

select * from final
