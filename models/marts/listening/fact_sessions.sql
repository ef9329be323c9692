{{ config(materialized='view') }}

-- One row per listening session (contract): a user's run of music plays in which each play
-- starts at most `session_gap_minutes` after the previous play's end, on the local day its first
-- play starts. The sessions are formed (incrementally) in int_sessions_formed; this mart is
-- their public shape.
with

sessions as (
    select * from {{ ref('int_sessions_formed') }}
    where not is_stale
),

final as (
    select
        -- ids
        session_id,
        user_id,
        first_play_id,

        -- numerics
        plays,
        streams,
        ms_played,
        distinct_tracks,
        distinct_artists,
        skips,
        cast(skips / plays as double) as skip_rate,
        cast(epoch_ms(ended_at) - epoch_ms(started_at) as bigint) as duration_ms,

        -- timestamps
        started_at,
        ended_at,
        started_at_local,

        -- dates
        started_date_local
    from sessions
)

select * from final
