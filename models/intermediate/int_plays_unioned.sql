{{ config(materialized='view') }}

-- Music plays of both export formats in one shape, with user, artist and natural track keys.
-- Podcast episodes, audiobook chapters and rows with neither a track nor an episode are left out.
with

extended as (
    select * from {{ ref('stg_landing__streaming_history') }}
),

account as (
    select * from {{ ref('stg_landing__account_history') }}
),

extended_music as (
    select
        play_id,
        username,
        'extended' as source_format,
        spotify_track_uri,
        track_name,
        artist_name,
        album_name,
        platform,
        conn_country,
        reason_start,
        reason_end,
        ms_played,
        is_shuffle,
        is_skipped,
        is_offline,
        is_incognito,
        played_at,
        ended_at,
        loaded_at
    from extended
    where track_name is not null
),

account_music as (
    select
        play_id,
        username,
        'account_data' as source_format,
        null::varchar as spotify_track_uri,
        track_name,
        artist_name,
        null::varchar as album_name,
        null::varchar as platform,
        null::varchar as conn_country,
        null::varchar as reason_start,
        null::varchar as reason_end,
        ms_played,
        null::boolean as is_shuffle,
        null::boolean as is_skipped,
        null::boolean as is_offline,
        null::boolean as is_incognito,
        played_at,
        ended_at,
        loaded_at
    from account
    where track_name is not null and podcast_name is null
),

unioned as (
    select * from extended_music
    union all
    select * from account_music
),

keyed as (
    select
        -- ids
        play_id,
        {{ user_id('username') }} as user_id,
        {{ track_id('spotify_track_uri', 'artist_name', 'track_name') }} as natural_track_id,
        {{ track_id('null', 'artist_name', 'track_name') }} as name_track_id,
        {{ album_id('artist_name', 'album_name') }} as export_album_id,
        {{ artist_id('artist_name') }} as artist_id,
        spotify_track_uri,

        -- strings
        username,
        source_format,
        track_name,
        artist_name,
        album_name,
        platform,
        conn_country,
        reason_start,
        reason_end,

        -- numerics
        ms_played,

        -- booleans
        is_shuffle,
        is_skipped,
        is_offline,
        is_incognito,

        -- timestamps
        played_at,
        ended_at,
        loaded_at
    from unioned
)

select * from keyed
