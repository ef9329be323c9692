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

streams as (
    select
        plays.user_id,
        plays.track_id,
        plays.played_date_local as day,
        plays.ms_played,
        days_to_build.facet,
        days_to_build.source_fingerprint
    from plays
    inner join days_to_build
        on
            plays.user_id = days_to_build.user_id
            and plays.played_date_local = days_to_build.day
    where plays.is_stream
),

weighted as (
    select
        streams.user_id,
        streams.day,
        streams.facet,
        distributions.category_id,
        sum(distributions.score) as plays,
        sum(distributions.score * streams.ms_played) as ms_played,
        any_value(streams.source_fingerprint) as source_fingerprint
    from streams
    inner join distributions
        on
            streams.track_id = distributions.track_id
            and streams.facet = distributions.facet
    group by streams.user_id, streams.day, streams.facet, distributions.category_id
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
    from weighted
)

select * from final
