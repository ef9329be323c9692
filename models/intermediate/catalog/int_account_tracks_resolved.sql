-- Account-data plays carry no URI: each (artist, track name) resolves to the URI-keyed track with
-- the same names (compared trimmed and case-insensitively) where one exists; if several URIs share
-- the names, the most played one wins (ties: the smallest URI), so the choice is deterministic.
with

plays as (
    select * from {{ ref('int_plays_deduplicated') }}
),

uri_track_names as (
    -- plays of URI-keyed tracks per spelling of their names (few: names are keyed once each)
    select
        natural_track_id as track_id,
        spotify_track_uri,
        artist_name,
        track_name,
        count(*) as play_count
    from plays
    where source_format = 'extended' and spotify_track_uri is not null
    group by natural_track_id, spotify_track_uri, artist_name, track_name
),

uri_tracks as (
    select
        {{ track_id('null', 'artist_name', 'track_name') }} as name_track_id,
        track_id,
        spotify_track_uri,
        sum(play_count) as play_count
    from uri_track_names
    group by all
),

account_names as (
    -- an account-data play's own key is its name key (it has no URI)
    select distinct natural_track_id as name_track_id
    from plays
    where source_format = 'account_data' and content_type = 'track'
),

resolved as (
    select
        account_names.name_track_id,
        uri_tracks.track_id
    from account_names
    inner join uri_tracks
        on account_names.name_track_id = uri_tracks.name_track_id
    qualify row_number() over (
        partition by account_names.name_track_id
        order by uri_tracks.play_count desc, uri_tracks.spotify_track_uri asc
    ) = 1
)

select * from resolved
