-- Account-data rows (StreamingHistory*.json) as landed: renamed, typed, start and UTC end date
-- derived. Ingest never lands a row twice (`play_key` is md5 over every field and the user).
with

source as (
    select * from {{ source('landing', 'account_history') }}
),

renamed as (
    select
        -- ids
        play_key,

        -- strings
        username,
        artist_name,
        track_name,
        podcast_name,
        episode_name,

        -- numerics
        ms_played,

        -- timestamps: `endTime` is when playback ended (UTC, minute precision)
        end_time as ended_at,
        end_time - to_milliseconds(ms_played) as played_at,
        loaded_at,
        file_sha256,

        -- dates: the UTC day playback ended on (the unit incremental models rebuild)
        cast(timezone('UTC', end_time) as date) as ended_date
    from source
)

select * from renamed
