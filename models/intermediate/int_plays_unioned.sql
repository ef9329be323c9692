{{ config(materialized='view') }}

-- Every play of both export formats in one shape (music, podcast episodes, audiobook chapters and
-- rows with neither), with user, artist, album and natural track keys: the one model that reads
-- the staged plays.
--
-- A view, not a table: computing it is cheap (a scan, the staging dedupe and a few hashes, well
-- under a second per million plays) while writing a million rows of 32-character keys to disk
-- costs several seconds; each consumer reads only the columns it needs, and fact_plays, which
-- grows with the data, is the incremental model.
with

extended as (
    select * from {{ ref('stg_landing__streaming_history') }}
),

account as (
    select * from {{ ref('stg_landing__account_history') }}
),

extended_plays as (
    select
        play_id,
        username,
        'extended' as source_format,
        case
            when track_name is not null then 'track'
            when audiobook_chapter_uri is not null or audiobook_uri is not null
                then 'audiobook_chapter'
            when spotify_episode_uri is not null then 'podcast_episode'
            else 'unknown'
        end as content_type,
        spotify_track_uri,
        coalesce(audiobook_chapter_uri, spotify_episode_uri) as content_uri,
        track_name,
        artist_name,
        album_name,
        coalesce(audiobook_title, show_name) as collection_name,
        coalesce(audiobook_chapter_title, episode_name) as item_name,
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
),

account_plays as (
    select
        play_id,
        username,
        'account_data' as source_format,
        case
            when podcast_name is not null then 'podcast_episode'
            when track_name is not null then 'track'
            else 'unknown'
        end as content_type,
        null::varchar as spotify_track_uri,
        null::varchar as content_uri,
        case when podcast_name is null then track_name end as track_name,
        case when podcast_name is null then artist_name end as artist_name,
        null::varchar as album_name,
        podcast_name as collection_name,
        episode_name as item_name,
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
),

unioned as (
    select * from extended_plays
    union all
    select * from account_plays
),

keyed as (
    select
        -- ids
        play_id,
        {{ user_id('username') }} as user_id,
        case
            when content_type = 'track'
                then {{ track_id('spotify_track_uri', 'artist_name', 'track_name') }}
        end as natural_track_id,
        case
            when content_type = 'track' then {{ track_id('null', 'artist_name', 'track_name') }}
        end as name_track_id,
        {{ album_id('artist_name', 'album_name') }} as export_album_id,
        {{ artist_id('artist_name') }} as artist_id,
        spotify_track_uri,
        content_uri,

        -- strings
        username,
        source_format,
        content_type,
        track_name,
        artist_name,
        album_name,
        collection_name,
        item_name,
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
