-- Extended Streaming History rows as landed: renamed, typed, start time and UTC end date derived.
-- Ingest never lands a row twice (`play_key` is md5 over every exported field and the user);
-- which rows are one play across export generations is decided in int_plays_deduplicated.
with

source as (
    select * from {{ source('landing', 'streaming_history') }}
),

renamed as (
    select
        -- ids
        play_key,
        spotify_track_uri,
        spotify_episode_uri,
        audiobook_uri,
        audiobook_chapter_uri,

        -- strings
        username,
        export_username,
        -- the file's layout (its exported keys); null for rows landed before layouts were kept
        coalesce(export_layout, 'unrecorded') as export_layout,
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
        file_sha256,

        -- dates: the UTC day playback ended on (the unit incremental models rebuild)
        cast(timezone('UTC', ts) as date) as ended_date
    from source
)

select * from renamed
