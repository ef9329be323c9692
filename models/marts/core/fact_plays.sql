{{ config(materialized='view') }}

-- One row per music play (local files included); podcasts and audiobooks are not music plays.
-- A view of int_plays_resolved, the incremental table every listening model reads: what the
-- plays are, and how an incremental build keeps them equal to a full refresh, is written there.
-- It is read through int_plays_sessionized, which adds each play's session.
with

plays as (
    -- int_plays_resolved with each play's session (an ASOF join: cheaper than joining a mapping)
    select * from {{ ref('int_plays_sessionized') }}
),

final as (
    select
        -- ids
        play_id,
        user_id,
        session_id,
        track_id,
        album_id,
        artist_id,

        -- strings
        reason_start,
        reason_end,
        platform,
        conn_country,
        source_format,
        user_timezone,

        -- numerics
        ms_played,

        -- booleans
        is_stream,
        skipped,
        shuffle,
        incognito_mode,
        offline,

        -- timestamps
        played_at,
        ended_at,
        played_at_local,
        played_date_local,
        loaded_at
    from plays
)

select * from final
