{{ config(materialized='view') }}

-- How a user listened on each local day with at least one music play (contract): plays,
-- streams, sessions, skips, first streams of artists and tracks, repeats, shuffle and why plays
-- ended. Summed (incrementally) in int_listening_days; the rates are taken here.
with

listening_days as (
    select * from {{ ref('int_listening_days') }}
),

final as (
    select
        -- ids
        user_id,

        -- numerics
        plays,
        streams,
        ms_played,
        sessions,
        skips,
        cast(skips / plays as double) as skip_rate,
        new_artists,
        new_tracks,
        distinct_artists,
        cast(new_artists / nullif(distinct_artists, 0) as double) as discovery_rate,
        cast(day_repeat_streams / nullif(streams, 0) as double) as repeat_rate,
        cast(shuffle_plays / nullif(shuffle_known_plays, 0) as double) as shuffle_share,
        reason_end_trackdone,
        reason_end_fwdbtn,
        reason_end_backbtn,
        reason_end_endplay,
        reason_end_logout,
        reason_end_other,
        reason_end_unknown,

        -- dates
        day,
        month
    from listening_days
)

select * from final
