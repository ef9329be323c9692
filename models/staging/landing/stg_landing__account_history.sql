-- One row per distinct account-data row (StreamingHistory*.json): renamed, typed, start derived.
with

source as (
    select * from {{ source('landing', 'account_history') }}
),

renamed as (
    select
        -- ids
        play_key as play_id,

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
        file_sha256
    from source
),

deduplicated as (
    select *
    from renamed
    qualify row_number() over (partition by play_id order by loaded_at, file_sha256) = 1
)

select * from deduplicated
