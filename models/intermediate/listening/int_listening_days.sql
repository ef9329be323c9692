{{
    config(
        materialized='incremental',
        unique_key=['user_id', 'day'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="
            delete from {{ this }} as built
            where not exists (
                select 1
                from {{ ref('int_listening_days_fingerprinted') }} as days
                where days.user_id = built.user_id and days.day = built.day
            )",
    )
}}

-- One row per user and local day with at least one music play: what the day's plays add up to,
-- the day's sessions, and the artists and tracks streamed that day for the first time ever.
-- The listening marts (daily, monthly, streaks) are summed from it.
--
-- Incremental. Each row keeps the fingerprint of the day's plays it was built from
-- (`source_fingerprint`); a run finds each user's earliest day whose fingerprint changed (or
-- that is new or gone) and rebuilds that user's days from the first day of that day's month on:
-- what is "new" on later days depends on every earlier stream, and starting at a month boundary
-- keeps every rebuilt month whole. Days before it keep their rows, and their lists of first
-- streams say what was streamed before the rebuilt range. Sessions change only on or after a
-- changed day, so the sessions of the rebuilt days are current too. Days that lost all their
-- plays are deleted by the post-hook.
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

days as (
    select * from {{ ref('int_listening_days_fingerprinted') }}
),

sessions as (
    select * from {{ ref('int_sessions_formed') }}
),

{% if is_incremental() %}
built as (
    select * from {{ this }}
),

changed_days as (
    select
        coalesce(days.user_id, built.user_id) as user_id,
        coalesce(days.day, built.day) as day
    from days
    full outer join built
        on
            days.user_id = built.user_id
            and days.day = built.day
    where days.play_fingerprint is distinct from built.source_fingerprint
),

{% endif %}

rebuild_from as (
    {%- if is_incremental() %}
        select
            user_id,
            cast(date_trunc('month', min(day)) as date) as rebuild_from_day
        from changed_days
        group by user_id
    {%- else %}
        select
            user_id,
            min(day) as rebuild_from_day
        from days
        group by user_id
    {%- endif %}
),

-- Artists and tracks first streamed before the rebuilt range.
seen_before as (
    {%- if is_incremental() %}
        select
            built.user_id,
            'artist' as subject,
            unnest(built.new_artist_ids) as subject_id
        from built
        inner join rebuild_from
            on
                built.user_id = rebuild_from.user_id
                and built.day < rebuild_from.rebuild_from_day
        union all
        select
            built.user_id,
            'track' as subject,
            unnest(built.new_track_ids) as subject_id
        from built
        inner join rebuild_from
            on
                built.user_id = rebuild_from.user_id
                and built.day < rebuild_from.rebuild_from_day
    {%- else %}
        select
            cast(null as varchar) as user_id,
            cast(null as varchar) as subject,
            cast(null as varchar) as subject_id
        where false
    {%- endif %}
),

range_plays as (
    select plays.*
    from plays
    inner join rebuild_from
        on
            plays.user_id = rebuild_from.user_id
            and plays.played_date_local >= rebuild_from.rebuild_from_day
),

-- Streams per user, day and track (a track has one artist): all that first streams, repeats
-- and distinct artists need, far fewer rows than the plays.
stream_tracks as (
    select
        user_id,
        played_date_local as day,
        date_trunc('month', played_date_local) as month,
        track_id,
        artist_id,
        count(*) as stream_count
    from range_plays
    where is_stream
    group by user_id, played_date_local, track_id, artist_id
),

range_firsts as (
    select
        user_id,
        'artist' as subject,
        artist_id as subject_id,
        min(day) as first_day
    from stream_tracks
    where artist_id is not null
    group by user_id, artist_id
    union all
    select
        user_id,
        'track' as subject,
        track_id as subject_id,
        min(day) as first_day
    from stream_tracks
    group by user_id, track_id
),

-- First streams ever: first in the range and not streamed before it.
new_firsts as (
    select range_firsts.*
    from range_firsts
    where not exists (
        select 1
        from seen_before
        where
            seen_before.user_id = range_firsts.user_id
            and seen_before.subject = range_firsts.subject
            and seen_before.subject_id = range_firsts.subject_id
    )
),

new_tracks as (
    select
        user_id,
        subject_id,
        first_day,
        date_trunc('month', first_day) as first_month
    from new_firsts
    where subject = 'track'
),

-- A stream repeats a track (for a day, for a month) when the track's first stream ever was on
-- an earlier day (month); tracks with no first stream in the range were streamed before it.
day_streams as (
    select
        stream_tracks.user_id,
        stream_tracks.day,
        count(distinct stream_tracks.artist_id) as distinct_artists,
        sum(stream_tracks.stream_count) filter (
            where new_tracks.first_day is null or new_tracks.first_day < stream_tracks.day
        ) as day_repeat_streams,
        sum(stream_tracks.stream_count) filter (
            where new_tracks.first_day is null or new_tracks.first_month < stream_tracks.month
        ) as month_repeat_streams,
        coalesce(
            list(distinct stream_tracks.artist_id order by stream_tracks.artist_id) filter (
                where stream_tracks.artist_id is not null
            ),
            []
        ) as streamed_artist_ids
    from stream_tracks
    left join new_tracks
        on
            stream_tracks.user_id = new_tracks.user_id
            and stream_tracks.track_id = new_tracks.subject_id
    group by stream_tracks.user_id, stream_tracks.day
),

day_plays as (
    select
        user_id,
        played_date_local as day,
        count(*) as play_count,
        count(*) filter (where is_stream) as stream_count,
        sum(ms_played) as ms_played,
        count(*) filter (
            where skipped or (skipped is null and reason_end = 'fwdbtn')
        ) as skip_count,
        count(*) filter (where shuffle) as shuffle_plays,
        count(shuffle) as shuffle_known_plays,
        count(*) filter (where reason_end = 'trackdone') as reason_end_trackdone,
        count(*) filter (where reason_end = 'fwdbtn') as reason_end_fwdbtn,
        count(*) filter (where reason_end = 'backbtn') as reason_end_backbtn,
        count(*) filter (where reason_end = 'endplay') as reason_end_endplay,
        count(*) filter (where reason_end = 'logout') as reason_end_logout,
        count(*) filter (
            where reason_end not in ('trackdone', 'fwdbtn', 'backbtn', 'endplay', 'logout')
        ) as reason_end_other,
        count(*) filter (where reason_end is null) as reason_end_unknown
    from range_plays
    group by user_id, played_date_local
),

day_firsts as (
    select
        user_id,
        first_day as day,
        count(*) filter (where subject = 'artist') as new_artists,
        count(*) filter (where subject = 'track') as new_tracks,
        coalesce(
            list(subject_id order by subject_id) filter (where subject = 'artist'), []
        ) as new_artist_ids,
        coalesce(
            list(subject_id order by subject_id) filter (where subject = 'track'), []
        ) as new_track_ids
    from new_firsts
    group by user_id, first_day
),

day_sessions as (
    select
        sessions.user_id,
        sessions.started_date_local as day,
        count(*) as session_count
    from sessions
    inner join rebuild_from
        on
            sessions.user_id = rebuild_from.user_id
            and sessions.started_date_local >= rebuild_from.rebuild_from_day
    where not sessions.is_stale
    group by sessions.user_id, sessions.started_date_local
),

final as (
    select
        -- ids
        days.user_id,

        -- numerics
        cast(day_plays.play_count as bigint) as plays,
        cast(day_plays.stream_count as bigint) as streams,
        cast(day_plays.ms_played as bigint) as ms_played,
        cast(coalesce(day_sessions.session_count, 0) as bigint) as sessions,
        cast(day_plays.skip_count as bigint) as skips,
        cast(day_plays.shuffle_plays as bigint) as shuffle_plays,
        cast(day_plays.shuffle_known_plays as bigint) as shuffle_known_plays,
        cast(day_plays.reason_end_trackdone as bigint) as reason_end_trackdone,
        cast(day_plays.reason_end_fwdbtn as bigint) as reason_end_fwdbtn,
        cast(day_plays.reason_end_backbtn as bigint) as reason_end_backbtn,
        cast(day_plays.reason_end_endplay as bigint) as reason_end_endplay,
        cast(day_plays.reason_end_logout as bigint) as reason_end_logout,
        cast(day_plays.reason_end_other as bigint) as reason_end_other,
        cast(day_plays.reason_end_unknown as bigint) as reason_end_unknown,
        cast(coalesce(day_streams.distinct_artists, 0) as bigint) as distinct_artists,
        cast(coalesce(day_firsts.new_artists, 0) as bigint) as new_artists,
        cast(coalesce(day_firsts.new_tracks, 0) as bigint) as new_tracks,
        cast(coalesce(day_streams.day_repeat_streams, 0) as bigint) as day_repeat_streams,
        cast(coalesce(day_streams.month_repeat_streams, 0) as bigint) as month_repeat_streams,

        -- lists
        cast(coalesce(day_streams.streamed_artist_ids, []) as varchar[]) as streamed_artist_ids,
        cast(coalesce(day_firsts.new_artist_ids, []) as varchar[]) as new_artist_ids,
        cast(coalesce(day_firsts.new_track_ids, []) as varchar[]) as new_track_ids,

        -- fingerprints
        days.play_fingerprint as source_fingerprint,

        -- dates
        days.day,
        days.month
    from days
    inner join rebuild_from
        on
            days.user_id = rebuild_from.user_id
            and days.day >= rebuild_from.rebuild_from_day
    inner join day_plays
        on
            days.user_id = day_plays.user_id
            and days.day = day_plays.day
    left join day_streams
        on
            days.user_id = day_streams.user_id
            and days.day = day_streams.day
    left join day_firsts
        on
            days.user_id = day_firsts.user_id
            and days.day = day_firsts.day
    left join day_sessions
        on
            days.user_id = day_sessions.user_id
            and days.day = day_sessions.day
)

select * from final
