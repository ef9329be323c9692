{{
    config(
        materialized='incremental',
        unique_key='session_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="delete from {{ this }} where is_stale",
    )
}}
{%- set gap = 'interval ' ~ (var('session_gap_minutes') | int) ~ ' minute' -%}

-- One row per listening session: a user's run of music plays (in order of start, ties by
-- play_id) in which each play starts at most `session_gap_minutes` after the previous play's
-- end. A session belongs to the local day its first play starts on.
--
-- Incremental, re-forming exactly the sessions a change reaches. Each session stores the
-- fingerprints of the local days its plays fall on (`source_days`); a run compares them with
-- int_listening_days_fingerprinted and finds the changed days (new, re-loaded, re-resolved,
-- moved or vanished plays). A changed day covers the time of its plays now and of the built
-- sessions over it before. Touched are the sessions over a changed day, the session before it
-- if a play of the day could continue it (it ended within the gap of the day's first play) and
-- the session after it if it could continue a play of the day. Untouched sessions stay as they
-- are: each run of touched sessions and changed days between two of them is a block, from its
-- earliest start to the next untouched session's start. Outside the blocks nothing changed, and
-- the first play of a block and of the next untouched session are session starts now as before,
-- so sessionizing each block's current plays alone gives exactly what a full refresh gives.
-- Re-formed sessions replace their namesakes (delete+insert on session_id); touched sessions
-- that no longer exist are written back as stale rows, which delete+insert removes and the
-- post-hook then deletes.
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

days as (
    select * from {{ ref('int_listening_days_fingerprinted') }}
),

{% if is_incremental() %}
built as (
    select * from {{ this }}
),

built_days as (
    select
        user_id,
        session_id,
        started_at,
        last_played_at,
        ended_at,
        unnest(source_days, recursive := true)
    from built
),

changed_days as (
    select distinct
        coalesce(days.user_id, built_days.user_id) as user_id,
        coalesce(days.day, built_days.day) as day,
        days.first_played_at,
        days.last_ended_at
    from days
    full outer join built_days
        on
            days.user_id = built_days.user_id
            and days.day = built_days.day
    where days.play_fingerprint is distinct from built_days.play_fingerprint
),

-- The time a changed day's plays cover, now and in the built sessions over it before
-- (least/greatest skip nulls: a day that is new, or gone).
changed_ranges as (
    select
        changed_days.user_id,
        changed_days.day,
        least(min(changed_days.first_played_at), min(built_days.started_at)) as range_start,
        greatest(max(changed_days.last_ended_at), max(built_days.ended_at)) as range_reach
    from changed_days
    left join built_days
        on
            changed_days.user_id = built_days.user_id
            and changed_days.day = built_days.day
    group by changed_days.user_id, changed_days.day
),

sessions_over_changed_days as (
    select built_days.session_id
    from built_days
    inner join changed_days
        on
            built_days.user_id = changed_days.user_id
            and built_days.day = changed_days.day
),

sessions_before_changed_days as (
    -- the latest session starting before a changed range, if a play there could continue it
    select built.session_id
    from changed_ranges
    asof inner join built
        on
            changed_ranges.user_id = built.user_id
            and changed_ranges.range_start > built.started_at
    where changed_ranges.range_start <= built.ended_at + {{ gap }}
),

sessions_after_changed_days as (
    -- the earliest session starting after a changed range, if it could continue a play there
    select built.session_id
    from changed_ranges
    asof inner join built
        on
            changed_ranges.user_id = built.user_id
            and changed_ranges.range_reach < built.started_at
    where built.started_at <= changed_ranges.range_reach + {{ gap }}
),

touched as (
    select session_id from sessions_over_changed_days
    union
    select session_id from sessions_before_changed_days
    union
    select session_id from sessions_after_changed_days
),

-- Built sessions and changed ranges in time order. Untouched sessions are the fixed points:
-- each run of touched events between two of them is a block, from its earliest start to the
-- next untouched session's start (open-ended after the last one).
events as (
    select
        built.user_id,
        built.started_at as event_start,
        touched.session_id is not null as is_touched
    from built
    left join touched
        on built.session_id = touched.session_id
    union all
    select
        user_id,
        range_start as event_start,
        true as is_touched
    from changed_ranges
),

islands as (
    select
        user_id,
        event_start,
        is_touched,
        sum(case when is_touched then 0 else 1 end) over (
            partition by user_id order by event_start, is_touched
            rows between unbounded preceding and current row
        ) as island
    from events
),

fixed_points as (
    select
        user_id,
        event_start,
        row_number() over (partition by user_id order by event_start) as island
    from events
    where not is_touched
),

blocks as (
    select
        islands.user_id,
        min(islands.event_start) as block_start,
        coalesce(fixed_points.event_start, cast('infinity' as timestamptz)) as block_end
    from islands
    left join fixed_points
        on
            islands.user_id = fixed_points.user_id
            and islands.island + 1 = fixed_points.island
    where islands.is_touched
    group by islands.user_id, islands.island, fixed_points.event_start
),

users_to_form as (
    select
        user_id,
        min(block_start) as first_block_start
    from blocks
    group by user_id
),

{% endif %}

plays_to_form as (
    {%- if is_incremental() %}
        select
            candidates.*,
            blocks.block_start
        from (
            select plays.*
            from plays
            inner join users_to_form
                on
                    plays.user_id = users_to_form.user_id
                    and plays.played_at >= users_to_form.first_block_start
        ) as candidates
        asof inner join blocks
            on
                candidates.user_id = blocks.user_id
                and candidates.played_at >= blocks.block_start
        where candidates.played_at < blocks.block_end
    {%- else %}
        select
            *,
            cast('-infinity' as timestamptz) as block_start
        from plays
    {%- endif %}
),

boundaries as (
    -- only the columns a session needs travel through the two sorts below
    select
        play_id,
        user_id,
        track_id,
        artist_id,
        ms_played,
        is_stream,
        skipped,
        reason_end,
        played_at,
        ended_at,
        played_at_local,
        played_date_local,
        block_start,
        coalesce(
            played_at > lag(ended_at) over (
                partition by user_id, block_start order by played_at, play_id
            ) + {{ gap }},
            true
        ) as starts_session
    from plays_to_form
),

numbered as (
    select
        *,
        sum(case when starts_session then 1 else 0 end) over (
            partition by user_id, block_start order by played_at, play_id
            rows between unbounded preceding and current row
        ) as session_number
    from boundaries
),

numbered_with_days as (
    select
        numbered.*,
        days.play_fingerprint as day_fingerprint
    from numbered
    inner join days
        on
            numbered.user_id = days.user_id
            and numbered.played_date_local = days.day
),

formed as (
    select
        user_id,
        max(play_id) filter (where starts_session) as first_play_id,
        count(*) as play_count,
        count(*) filter (where is_stream) as stream_count,
        sum(ms_played) as ms_played,
        count(distinct track_id) as distinct_tracks,
        count(distinct artist_id) as distinct_artists,
        count(*) filter (
            where skipped or (skipped is null and reason_end = 'fwdbtn')
        ) as skip_count,
        min(played_at) as started_at,
        max(played_at) as last_played_at,
        max(ended_at) as ended_at,
        max(played_at_local) filter (where starts_session) as started_at_local,
        -- the fingerprints of the days the session's plays fall on, as they are now
        list_sort(
            list(distinct { 'day': played_date_local, 'play_fingerprint': day_fingerprint })
        ) as source_days
    from numbered_with_days
    group by user_id, block_start, session_number
),

final as (
    select
        -- ids
        {{ session_id('formed.first_play_id') }} as session_id,
        formed.user_id,
        formed.first_play_id,

        -- numerics
        cast(formed.play_count as bigint) as plays,
        cast(formed.stream_count as bigint) as streams,
        cast(formed.ms_played as bigint) as ms_played,
        cast(formed.distinct_tracks as bigint) as distinct_tracks,
        cast(formed.distinct_artists as bigint) as distinct_artists,
        cast(formed.skip_count as bigint) as skips,

        -- booleans
        false as is_stale,

        -- timestamps
        formed.started_at,
        formed.ended_at,
        formed.last_played_at,
        formed.started_at_local,

        -- dates
        cast(formed.started_at_local as date) as started_date_local,

        -- fingerprints
        formed.source_days
    from formed
)

{% if is_incremental() %}
    ,

    -- touched sessions that were not formed again: written back only to be deleted
    stale as (
        select
            built.session_id,
            built.user_id,
            built.first_play_id,
            built.plays,
            built.streams,
            built.ms_played,
            built.distinct_tracks,
            built.distinct_artists,
            built.skips,
            true as is_stale,
            built.started_at,
            built.ended_at,
            built.last_played_at,
            built.started_at_local,
            built.started_date_local,
            built.source_days
        from built
        inner join touched
            on built.session_id = touched.session_id
        where not exists (select 1 from final where final.session_id = built.session_id)
    )

    select * from final
    union all
    select * from stale
{% else %}
    select * from final
{% endif %}
