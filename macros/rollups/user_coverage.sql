{#-
    Per user and period (a column of `user_days`: day or month): how many streams have a genre
    and a mood distribution, i.e. what the period's genre and mood rollups cover. Summing the
    days of a day period changes nothing, as `user_days` has one row per user and day.
-#}
{% macro user_coverage(user_days, period_column) %}
with

user_days as (
    select * from {{ user_days }}
),

user_periods as (
    select
        user_id,
        {{ period_column }},
        sum(stream_count) as stream_count,
        sum(streams_with_genre) as streams_with_genre,
        sum(streams_with_mood) as streams_with_mood
    from user_days
    group by user_id, {{ period_column }}
),

final as (
    select
        -- ids
        user_id,

        -- numerics
        cast(stream_count as bigint) as stream_count,
        cast(streams_with_genre as bigint) as streams_with_genre,
        cast(streams_with_mood as bigint) as streams_with_mood,
        cast(streams_with_genre / stream_count as double) as genre_coverage,
        cast(streams_with_mood / stream_count as double) as mood_coverage,

        -- dates
        {{ period_column }}
    from user_periods
)

select * from final
{% endmacro %}
