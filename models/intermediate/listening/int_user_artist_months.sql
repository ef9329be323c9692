{{
    config(
        materialized='incremental',
        unique_key=['user_id', 'month'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="
            delete from {{ this }} as built
            where not exists (
                select 1
                from {{ ref('int_listening_days_fingerprinted') }} as days
                where
                    days.user_id = built.user_id
                    and days.month = built.month
                    and days.artist_stream_count > 0
            )",
    )
}}

-- One row per user, local month and artist streamed that month: the streams and listening time.
-- Artist loyalty and pair compatibility are computed from it.
--
-- Incremental and exact: a month's rows depend on that month's plays only, so a run rebuilds
-- the months whose fingerprint (the count and hash sum of their days' fingerprints) is not the
-- one their rows were built from, replacing each such month whole; the post-hook deletes months
-- that no longer have a stream with an artist.
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

days as (
    select * from {{ ref('int_listening_days_fingerprinted') }}
),

month_fingerprints as (
    select
        user_id,
        month,
        cast(sum(play_count) as varchar) || '-' || cast(sum(play_hash_sum) as varchar)
            as source_fingerprint
    from days
    group by user_id, month
    having sum(artist_stream_count) > 0
),

months_to_build as (
    select month_fingerprints.*
    from month_fingerprints
    {%- if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as built
        where
            built.user_id = month_fingerprints.user_id
            and built.month = month_fingerprints.month
            and built.source_fingerprint = month_fingerprints.source_fingerprint
    )
    {%- endif %}
),

aggregated as (
    select
        plays.user_id,
        months_to_build.month,
        plays.artist_id,
        any_value(months_to_build.source_fingerprint) as source_fingerprint,
        count(*) as stream_count,
        sum(plays.ms_played) as ms_played
    from plays
    inner join months_to_build
        on
            plays.user_id = months_to_build.user_id
            and cast(date_trunc('month', plays.played_date_local) as date) = months_to_build.month
    where plays.is_stream and plays.artist_id is not null
    group by plays.user_id, months_to_build.month, plays.artist_id
),

final as (
    select
        -- ids
        user_id,
        artist_id,

        -- numerics
        cast(stream_count as bigint) as streams,
        cast(ms_played as bigint) as ms_played,

        -- fingerprints
        source_fingerprint,

        -- dates
        month
    from aggregated
)

select * from final
