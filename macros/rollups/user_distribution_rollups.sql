{#-
    The per-user genre and mood rollups (agg_user_genre_*, agg_user_mood_*) share one shape; these
    macros hold it once so that the four incremental models cannot drift apart.

    Incremental correctness: a period (user, day) or (user, month) is rebuilt whenever the
    fingerprint of what it is computed from differs from the `source_fingerprint` it was built
    from (see int_user_days_fingerprinted); `delete+insert` on the period key replaces every row
    of that period; `delete_vanished_periods` (a post-hook) removes periods that no longer have
    a distributed stream at all.
-#}

{#- Rows of one facet per (user, local day), rebuilt for every day whose fingerprint changed. -#}
{% macro user_distribution_daily(fact_plays, distributions, user_days, category_column, fingerprint_column) %}
with

fact_plays as (
    select * from {{ fact_plays }}
),

distributions as (
    select * from {{ distributions }}
),

user_days as (
    select * from {{ user_days }}
),

days_to_build as (
    -- New days, re-loaded days and days whose tracks' distributions changed: every day with a
    -- distributed stream whose fingerprint is not the one its rows were built from.
    select
        user_days.user_id,
        user_days.day,
        user_days.{{ fingerprint_column }} as source_fingerprint
    from user_days
    where
        user_days.{{ fingerprint_column }} is not null
        {%- if is_incremental() %}
        and not exists (
            select 1
            from {{ this }} as built
            where
                built.user_id = user_days.user_id
                and built.day = user_days.day
                and built.source_fingerprint = user_days.{{ fingerprint_column }}
        )
        {%- endif %}
),

streams as (
    select
        fact_plays.user_id,
        fact_plays.track_id,
        fact_plays.played_date_local as day,
        fact_plays.ms_played,
        days_to_build.source_fingerprint
    from fact_plays
    inner join days_to_build
        on
            fact_plays.user_id = days_to_build.user_id
            and fact_plays.played_date_local = days_to_build.day
    where fact_plays.is_stream
),

weighted as (
    select
        streams.user_id,
        streams.day,
        distributions.{{ category_column }},
        sum(distributions.score) as plays,
        sum(distributions.score * streams.ms_played) as ms_played,
        any_value(streams.source_fingerprint) as source_fingerprint
    from streams
    inner join distributions
        on streams.track_id = distributions.track_id
    group by streams.user_id, streams.day, distributions.{{ category_column }}
),

final as (
    {{ user_distribution_period_rows('weighted', 'day', category_column) }}
)

select * from final
{% endmacro %}


{#-
    Rows of one facet per (user, local month), summed from the daily rollup. A month's fingerprint
    is taken from the daily rows themselves (the fingerprints of its days), so the monthly table
    follows whatever the daily table holds, whatever order models are built in.
-#}
{% macro user_distribution_monthly(daily, category_column) %}
with

daily as (
    select * from {{ daily }}
),

daily_months as (
    select
        user_id,
        day,
        cast(date_trunc('month', day) as date) as month,
        source_fingerprint
    from daily
),

month_fingerprints as (
    select
        user_id,
        month,
        md5(string_agg(cast(day as varchar) || '=' || source_fingerprint, ';' order by day))
            as source_fingerprint
    from (select distinct user_id, month, day, source_fingerprint from daily_months)
    group by user_id, month
),

months_to_build as (
    select
        month_fingerprints.user_id,
        month_fingerprints.month,
        month_fingerprints.source_fingerprint
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

summed as (
    select
        daily.user_id,
        months_to_build.month,
        daily.{{ category_column }},
        sum(daily.plays) as plays,
        sum(daily.ms_played) as ms_played,
        any_value(months_to_build.source_fingerprint) as source_fingerprint
    from daily
    inner join months_to_build
        on
            daily.user_id = months_to_build.user_id
            and cast(date_trunc('month', daily.day) as date) = months_to_build.month
    group by daily.user_id, months_to_build.month, daily.{{ category_column }}
),

final as (
    {{ user_distribution_period_rows('summed', 'month', category_column) }}
)

select * from final
{% endmacro %}


{#-
    The typed rows of a daily or monthly rollup, from the CTE `source` holding plays and ms_played
    per user, period and category: the share within the user and period, and the fingerprint the
    period was built from.
-#}
{% macro user_distribution_period_rows(source, period_column, category_column) -%}
    select
        user_id,
        cast({{ period_column }} as date) as {{ period_column }},
        cast({{ category_column }} as varchar) as {{ category_column }},
        cast(plays as double) as plays,
        cast(ms_played as double) as ms_played,
        cast(plays / sum(plays) over (partition by user_id, {{ period_column }}) as double) as share,
        cast(source_fingerprint as varchar) as source_fingerprint
    from {{ source }}
{%- endmacro %}


{#-
    Post-hook of the incremental rollups: delete the periods that no longer have any distributed
    stream (a re-load moved their plays to another day, a user's time zone changed, a track lost
    its distribution). delete+insert only replaces the periods the new batch holds, so without
    this such a period would keep its old rows. Deletes nothing after a full build.
    A period should exist when `source` has a row of that user and period satisfying `condition`;
    with `months_of_days`, `source` has days and `period_column` is a month.
-#}
{% macro delete_vanished_periods(period_column, source, condition='true', months_of_days=false) %}
    {%- set period_expression = (
        "cast(date_trunc('month', current_periods.day) as date)" if months_of_days
        else 'current_periods.' ~ period_column
    ) -%}
    delete from {{ this }} as built
    where not exists (
        select 1
        from {{ source }} as current_periods
        where
            current_periods.user_id = built.user_id
            and {{ period_expression }} = built.{{ period_column }}
            and {{ condition }}
    )
{% endmacro %}
