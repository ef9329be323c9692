-- What each user streamed in each comparison window of int_user_pairs: one row per user,
-- period, window, kind (`artist`, `track`) and artist or track. Artists carry their streams and
-- their share of the user's streams with an artist in the window; tracks only say that the user
-- streamed them (all-time stream counts per track are not kept anywhere cheap to read).
--
-- Rebuilt on every run: all-time items come from the monthly artist streams and the lists of
-- first streams (no play is read); the last-365-days window reads one year of plays per user.
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

pairs as (
    select * from {{ ref('int_user_pairs') }}
),

artist_months as (
    select * from {{ ref('int_user_artist_months') }}
),

listening_days as (
    select * from {{ ref('int_listening_days') }}
),

users as (
    select distinct user_id from pairs
),

windows as (
    select distinct
        user_id,
        period,
        window_end
    from pairs
    where window_end is not null
),

window_streams as (
    select
        windows.user_id,
        windows.period,
        windows.window_end,
        plays.artist_id,
        plays.track_id
    from plays
    inner join windows
        on
            plays.user_id = windows.user_id
            and plays.played_date_local between windows.window_end - 364 and windows.window_end
    where plays.is_stream
),

items as (
    select
        artist_months.user_id,
        'all_time' as period,
        cast(null as date) as window_end,
        'artist' as kind,
        artist_months.artist_id as item_id,
        sum(artist_months.streams) as streams
    from artist_months
    inner join users
        on artist_months.user_id = users.user_id
    group by artist_months.user_id, artist_months.artist_id
    union all
    select distinct
        listening_days.user_id,
        'all_time' as period,
        cast(null as date) as window_end,
        'track' as kind,
        unnest(listening_days.new_track_ids) as item_id,
        cast(null as bigint) as streams
    from listening_days
    inner join users
        on listening_days.user_id = users.user_id
    union all
    select
        user_id,
        period,
        window_end,
        'artist' as kind,
        artist_id as item_id,
        count(*) as streams
    from window_streams
    where artist_id is not null
    group by user_id, period, window_end, artist_id
    union all
    select distinct
        user_id,
        period,
        window_end,
        'track' as kind,
        track_id as item_id,
        cast(null as bigint) as streams
    from window_streams
),

final as (
    select
        -- ids
        user_id,
        item_id,

        -- strings
        period,
        kind,

        -- numerics
        cast(streams as bigint) as streams,
        cast(
            streams / sum(streams) over (partition by user_id, period, window_end, kind)
            as double
        ) as share,

        -- dates
        window_end
    from items
)

select * from final
