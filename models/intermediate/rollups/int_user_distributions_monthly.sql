{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['user_id', 'month', 'facet'],
        on_schema_change='fail',
        post_hook="{{ delete_vanished_periods('month', ref('int_user_distributions_daily'), months_of_days=true) }}",
    )
}}

-- Genre and mood rollups per user and local month, summed from int_user_distributions_daily. A
-- month's fingerprint is taken from the daily rows themselves (the fingerprints of its days), so
-- the monthly table follows whatever the daily table holds, whatever order models are built in.
with

daily as (
    select * from {{ ref('int_user_distributions_daily') }}
),

daily_days as (
    select distinct
        user_id,
        facet,
        day,
        source_fingerprint
    from daily
),

month_fingerprints as (
    select
        user_id,
        facet,
        cast(date_trunc('month', day) as date) as month,
        md5(string_agg(cast(day as varchar) || '=' || source_fingerprint, ';' order by day))
            as source_fingerprint
    from daily_days
    group by user_id, facet, cast(date_trunc('month', day) as date)
),

months_to_build as (
    select
        month_fingerprints.user_id,
        month_fingerprints.facet,
        month_fingerprints.month,
        month_fingerprints.source_fingerprint
    from month_fingerprints
    {%- if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as built
        where
            built.user_id = month_fingerprints.user_id
            and built.facet = month_fingerprints.facet
            and built.month = month_fingerprints.month
            and built.source_fingerprint = month_fingerprints.source_fingerprint
    )
    {%- endif %}
),

summed as (
    select
        daily.user_id,
        daily.facet,
        months_to_build.month,
        daily.category_id,
        sum(daily.plays) as plays,
        sum(daily.ms_played) as ms_played,
        any_value(months_to_build.source_fingerprint) as source_fingerprint
    from daily
    inner join months_to_build
        on
            daily.user_id = months_to_build.user_id
            and daily.facet = months_to_build.facet
            and cast(date_trunc('month', daily.day) as date) = months_to_build.month
    group by daily.user_id, daily.facet, months_to_build.month, daily.category_id
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
        cast(plays / sum(plays) over (partition by user_id, month, facet) as double) as share,

        -- fingerprints
        cast(source_fingerprint as varchar) as source_fingerprint,

        -- dates
        cast(month as date) as month
    from summed
)

select * from final
