{{ config(materialized='view') }}

-- How a user listened in each local month with at least one music play (contract): the daily
-- figures summed per month, except what does not add up: distinct artists are counted over the
-- month (from each day's list of streamed artists), and a repeat is a stream of a track first
-- streamed in an earlier month.
with

listening_days as (
    select * from {{ ref('int_listening_days') }}
),

month_sums as (
    select
        user_id,
        month,
        sum(plays) as plays,
        sum(streams) as streams,
        sum(ms_played) as ms_played,
        sum(sessions) as sessions,
        sum(skips) as skips,
        sum(new_artists) as new_artists,
        sum(new_tracks) as new_tracks,
        sum(month_repeat_streams) as repeat_streams,
        sum(shuffle_plays) as shuffle_plays,
        sum(shuffle_known_plays) as shuffle_known_plays,
        sum(reason_end_trackdone) as reason_end_trackdone,
        sum(reason_end_fwdbtn) as reason_end_fwdbtn,
        sum(reason_end_backbtn) as reason_end_backbtn,
        sum(reason_end_endplay) as reason_end_endplay,
        sum(reason_end_logout) as reason_end_logout,
        sum(reason_end_other) as reason_end_other,
        sum(reason_end_unknown) as reason_end_unknown,
        count(*) as days_listened
    from listening_days
    group by user_id, month
),

month_artists as (
    select
        user_id,
        month,
        count(distinct artist_id) as distinct_artists
    from (
        select
            user_id,
            month,
            unnest(streamed_artist_ids) as artist_id
        from listening_days
    ) as streamed
    group by user_id, month
),

final as (
    select
        -- ids
        month_sums.user_id,

        -- numerics
        cast(month_sums.plays as bigint) as plays,
        cast(month_sums.streams as bigint) as streams,
        cast(month_sums.ms_played as bigint) as ms_played,
        cast(month_sums.sessions as bigint) as sessions,
        cast(month_sums.skips as bigint) as skips,
        cast(month_sums.skips / month_sums.plays as double) as skip_rate,
        cast(month_sums.new_artists as bigint) as new_artists,
        cast(month_sums.new_tracks as bigint) as new_tracks,
        cast(coalesce(month_artists.distinct_artists, 0) as bigint) as distinct_artists,
        cast(
            month_sums.new_artists / nullif(month_artists.distinct_artists, 0) as double
        ) as discovery_rate,
        cast(month_sums.repeat_streams / nullif(month_sums.streams, 0) as double) as repeat_rate,
        cast(
            month_sums.shuffle_plays / nullif(month_sums.shuffle_known_plays, 0) as double
        ) as shuffle_share,
        cast(month_sums.reason_end_trackdone as bigint) as reason_end_trackdone,
        cast(month_sums.reason_end_fwdbtn as bigint) as reason_end_fwdbtn,
        cast(month_sums.reason_end_backbtn as bigint) as reason_end_backbtn,
        cast(month_sums.reason_end_endplay as bigint) as reason_end_endplay,
        cast(month_sums.reason_end_logout as bigint) as reason_end_logout,
        cast(month_sums.reason_end_other as bigint) as reason_end_other,
        cast(month_sums.reason_end_unknown as bigint) as reason_end_unknown,
        cast(month_sums.days_listened as integer) as days_listened,

        -- dates
        month_sums.month
    from month_sums
    left join month_artists
        on
            month_sums.user_id = month_artists.user_id
            and month_sums.month = month_artists.month
)

select * from final
