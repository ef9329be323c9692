-- One row per distinct Extended Streaming History row: renamed, typed, start time derived.
with

source as (
    select * from {{ source('landing', 'streaming_history') }}
),

renamed as (
    select
        -- ids
        play_key as play_id,
        spotify_track_uri,
        spotify_episode_uri,
        audiobook_uri,
        audiobook_chapter_uri,

        -- strings
        username,
        export_username,
        master_metadata_track_name as track_name,
        master_metadata_album_artist_name as artist_name,
        master_metadata_album_album_name as album_name,
        episode_name,
        episode_show_name as show_name,
        audiobook_title,
        audiobook_chapter_title,
        platform,
        conn_country,
        -- as exported: old exports say '' where newer ones say 'unknown'; not reinterpreted here
        reason_start,
        reason_end,

        -- numerics
        ms_played,
        offline_timestamp,

        -- booleans
        shuffle as is_shuffle,
        skipped as is_skipped,
        offline as is_offline,
        incognito_mode as is_incognito,

        -- timestamps: `ts` is when playback ended (UTC); it started ms_played earlier
        ts as ended_at,
        ts - to_milliseconds(ms_played) as played_at,
        loaded_at,
        file_sha256
    from source
),

deduplicated as (
    -- ingest never lands a row twice, but staging guarantees it: first load wins
    select *
    from renamed
    qualify row_number() over (partition by play_id order by loaded_at, file_sha256) = 1
)

select * from deduplicated
