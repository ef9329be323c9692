-- Account-data plays carry no URI: each (artist, track name) resolves to the URI-keyed track with
-- the same names (compared trimmed and case-insensitively) where one exists; if several URIs share
-- the names, the most played one wins (ties: the smallest URI), so the choice is deterministic.
with

plays as (
    select * from {{ ref('int_plays_deduplicated') }}
),

uri_tracks as (
    select
        name_track_id,
        natural_track_id as track_id,
        spotify_track_uri,
        count(*) as play_count
    from plays
    where source_format = 'extended' and spotify_track_uri is not null
    group by name_track_id, natural_track_id, spotify_track_uri
),

account_names as (
    select distinct name_track_id
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
