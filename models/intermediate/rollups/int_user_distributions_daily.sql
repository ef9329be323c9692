{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['user_id', 'day', 'facet'],
        on_schema_change='fail',
        post_hook="{{ delete_vanished_periods('day', ref('int_user_days_fingerprinted'), condition='current_periods.fingerprint is not null') }}",
    )
}}

-- Genre and mood rollups per user and local day (CONTRACT "Rollups"): for each category,
-- plays = Σ score and ms_played = Σ score × ms_played over the day's streams, share within the
-- user, day and facet. Incremental: the (user, day, facet) periods whose fingerprint differs
-- from the one they were built from are rebuilt whole (see rollup_incremental in the docs).
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

distributions as (
    select * from {{ ref('int_track_distributions') }}
),

user_days as (
    select * from {{ ref('int_user_days_fingerprinted') }}
),

days_to_build as (
    -- new days, re-loaded days and days whose tracks' distributions changed: every day with a
    -- distributed stream whose fingerprint is not the one its rows were built from
    select
        user_days.user_id,
        user_days.day,
        user_days.facet,
        user_days.fingerprint as source_fingerprint
    from user_days
    where
        user_days.fingerprint is not null
    {%- if is_incremental() %}
        and not exists (
            select 1
            from {{ this }} as built
            where
                built.user_id = user_days.user_id
                and built.day = user_days.day
                and built.facet = user_days.facet
                and built.source_fingerprint = user_days.fingerprint
        )
        {%- endif %}
),

user_days_to_build as (
    select distinct
        user_id,
        day
    from days_to_build
),

day_tracks as (
    -- the streams of the days to build, per track: a day's plays of one track weigh the same
    -- distribution, so they are summed before the join that multiplies rows by categories
    select
        plays.user_id,
        plays.played_date_local as day,
        plays.track_id,
        count(*) as stream_count,
        sum(plays.ms_played) as ms_played
    from plays
    inner join user_days_to_build
        on
            plays.user_id = user_days_to_build.user_id
            and plays.played_date_local = user_days_to_build.day
    where plays.is_stream
    group by plays.user_id, plays.played_date_local, plays.track_id
),

weighted as (
    select
        day_tracks.user_id,
        day_tracks.day,
        distributions.facet,
        distributions.category_id,
        sum(distributions.score * day_tracks.stream_count) as plays,
        sum(distributions.score * day_tracks.ms_played) as ms_played
    from day_tracks
    inner join distributions
        on day_tracks.track_id = distributions.track_id
    group by day_tracks.user_id, day_tracks.day, distributions.facet, distributions.category_id
),

weighted_days as (
    -- only the (user, day, facet) periods to build: a day can be new for one facet only
    select
        weighted.*,
        days_to_build.source_fingerprint
    from weighted
    inner join days_to_build
        on
            weighted.user_id = days_to_build.user_id
            and weighted.day = days_to_build.day
            and weighted.facet = days_to_build.facet
),

final as (
    select
        -- ids
        user_id,
        facet,
        cast(category_id as varchar) as category_id,

        -- numerics
        cast(plays as double) as plays,
        cast(ms_played as double) as ms_played,
        cast(plays / sum(plays) over (partition by user_id, day, facet) as double) as share,

        -- fingerprints
        cast(source_fingerprint as varchar) as source_fingerprint,

        -- dates
        cast(day as date) as day
    from weighted_days
)

select * from final
