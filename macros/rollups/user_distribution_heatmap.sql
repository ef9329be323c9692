{#-
    A heatmap of one facet over the user's streams: one row per user, bucket and category, with
    plays = Σ score and ms_played = Σ score × ms_played, and the share within the user and bucket.
    `buckets` maps each bucket column to its expression over fact_plays (integers, e.g. the local
    hour); `dates` maps further columns fixed by the bucket (e.g. the week's first day) to theirs.
-#}
{% macro user_distribution_heatmap(
    fact_plays,
    distributions,
    dimension,
    category_column,
    name_column,
    buckets,
    dates={},
    distribution_category_column=none
) %}
{%- set source_category_column = distribution_category_column or category_column -%}
with

fact_plays as (
    select * from {{ fact_plays }}
),

distributions as (
    select * from {{ distributions }}
),

dimension as (
    select * from {{ dimension }}
),

streams as (
    select
        user_id,
        track_id,
        ms_played,
        {%- for column, expression in buckets.items() %}
        {{ expression }} as {{ column }}{{ ',' if not loop.last or dates }}
        {%- endfor %}
        {%- for column, expression in dates.items() %}
        {{ expression }} as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from fact_plays
    where is_stream
),

weighted as (
    select
        streams.user_id,
        {%- for column in buckets.keys() | list + dates.keys() | list %}
        streams.{{ column }},
        {%- endfor %}
        distributions.{{ source_category_column }}
        {{- ' as ' ~ category_column if distribution_category_column }},
        sum(distributions.score) as plays,
        sum(distributions.score * streams.ms_played) as ms_played
    from streams
    inner join distributions
        on streams.track_id = distributions.track_id
    group by all
),

final as (
    select
        -- ids
        weighted.user_id,
        cast(weighted.{{ category_column }} as varchar) as {{ category_column }},

        -- strings
        dimension.{{ name_column }},

        -- numerics
        {%- for column in buckets.keys() %}
        cast(weighted.{{ column }} as integer) as {{ column }},
        {%- endfor %}
        cast(weighted.plays as double) as plays,
        cast(weighted.ms_played as double) as ms_played,
        cast(
            weighted.plays / sum(weighted.plays) over (
                partition by weighted.user_id
                {%- for column in buckets.keys() %}, weighted.{{ column }}{% endfor %}
            )
            as double
        ) as share{{ ',' if dates }}
        {%- if dates %}

        -- dates
        {%- for column in dates.keys() %}
        weighted.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
        {%- endif %}
    from weighted
    left join dimension
        on weighted.{{ category_column }} = dimension.{{ category_column }}
)

select * from final
{% endmacro %}
