{#-
    Reports shared by the genre and the mood facet: the top categories of a trailing window, the
    month-over-month shifts of each category's share, and the Jensen-Shannon drift between
    consecutive months.
-#}

{#-
    Every category of the user's streams in a trailing window of `top_window_days` local days
    (default 90) ending at the user's last play, or at the dbt var `top_window_end_date` for
    every user when it is set; ranked by plays (ties broken by id).
-#}
{% macro user_top_categories(daily, dimension, category_column, name_column, streams_with_column) %}
{%- set window_end_date = var('top_window_end_date', none) -%}
{%- set window_days = var('top_window_days', 90) | int -%}
with

fact_plays as (
    select * from {{ ref('fact_plays') }}
),

user_days as (
    select * from {{ ref('int_user_days_fingerprinted') }}
),

daily as (
    select * from {{ daily }}
),

dimension as (
    select * from {{ dimension }}
),

windows as (
    select
        user_id,
        {%- if window_end_date %}
        cast('{{ window_end_date }}' as date) as window_end_date
        {%- else %}
        max(played_date_local) as window_end_date
        {%- endif %}
    from fact_plays
    group by user_id
),

windows_bounded as (
    select
        user_id,
        cast(window_end_date - {{ window_days - 1 }} as date) as window_start_date,
        window_end_date
    from windows
),

window_streams as (
    select
        windows_bounded.user_id,
        sum(user_days.stream_count) as stream_count,
        sum(user_days.{{ streams_with_column }}) as streams_with_distribution
    from windows_bounded
    inner join user_days
        on
            windows_bounded.user_id = user_days.user_id
            and user_days.day between windows_bounded.window_start_date
            and windows_bounded.window_end_date
    group by windows_bounded.user_id
),

window_totals as (
    select
        windows_bounded.user_id,
        daily.{{ category_column }},
        sum(daily.plays) as plays,
        sum(daily.ms_played) as ms_played
    from windows_bounded
    inner join daily
        on
            windows_bounded.user_id = daily.user_id
            and daily.day between windows_bounded.window_start_date
            and windows_bounded.window_end_date
    group by windows_bounded.user_id, daily.{{ category_column }}
),

final as (
    select
        -- ids
        window_totals.user_id,
        window_totals.{{ category_column }},

        -- strings
        dimension.{{ name_column }},

        -- numerics
        cast(row_number() over (
            partition by window_totals.user_id
            order by window_totals.plays desc, window_totals.{{ category_column }}
        ) as integer) as {{ category_column | replace('_id', '') }}_rank,
        cast(window_totals.plays as double) as plays,
        cast(window_totals.ms_played as double) as ms_played,
        cast(
            window_totals.plays / sum(window_totals.plays) over (partition by window_totals.user_id)
            as double
        ) as share,
        cast(window_streams.stream_count as bigint) as window_streams,
        cast(window_streams.streams_with_distribution as bigint) as window_streams_with_distribution,
        cast(
            window_streams.streams_with_distribution / window_streams.stream_count as double
        ) as window_coverage,

        -- dates
        windows_bounded.window_start_date,
        windows_bounded.window_end_date
    from window_totals
    inner join windows_bounded
        on window_totals.user_id = windows_bounded.user_id
    inner join window_streams
        on window_totals.user_id = window_streams.user_id
    left join dimension
        on window_totals.{{ category_column }} = dimension.{{ category_column }}
)

select * from final
{% endmacro %}


{#-
    One row per user, month and category present in that month or in the user's previous month
    with a distribution: both shares (0 where absent) and the change, ranked both ways.
-#}
{% macro user_distribution_shifts(monthly, category_column) %}
{%- set category = category_column | replace('_id', '') -%}
with

monthly as (
    select * from {{ monthly }}
),

user_months as (
    select distinct
        user_id,
        month
    from monthly
),

month_pairs as (
    select
        user_id,
        month,
        lag(month) over (partition by user_id order by month) as previous_month
    from user_months
),

current_shares as (
    {{ month_pair_shares('month', category_column) }}
    where month_pairs.previous_month is not null
),

previous_shares as (
    {{ month_pair_shares('previous_month', category_column) }}
),

paired as (
    select
        coalesce(current_shares.user_id, previous_shares.user_id) as user_id,
        coalesce(current_shares.{{ category_column }}, previous_shares.{{ category_column }})
            as {{ category_column }},
        coalesce(current_shares.plays, 0) as plays,
        coalesce(previous_shares.plays, 0) as previous_plays,
        coalesce(current_shares.share, 0) as share,
        coalesce(previous_shares.share, 0) as previous_share,
        coalesce(current_shares.month, previous_shares.month) as month,
        coalesce(current_shares.previous_month, previous_shares.previous_month) as previous_month
    from current_shares
    full outer join previous_shares
        on
            current_shares.user_id = previous_shares.user_id
            and current_shares.month = previous_shares.month
            and current_shares.{{ category_column }} = previous_shares.{{ category_column }}
),

final as (
    select
        -- ids
        user_id,
        cast({{ category_column }} as varchar) as {{ category_column }},

        -- numerics
        cast(plays as double) as plays,
        cast(previous_plays as double) as previous_plays,
        cast(share as double) as share,
        cast(previous_share as double) as previous_share,
        cast(share - previous_share as double) as share_change,
        cast(row_number() over (
            partition by user_id, month
            order by share - previous_share desc, {{ category_column }}
        ) as integer) as rise_rank,
        cast(row_number() over (
            partition by user_id, month
            order by share - previous_share asc, {{ category_column }}
        ) as integer) as fall_rank,
        cast(datediff('month', previous_month, month) as integer) as months_apart,

        -- dates
        cast(month as date) as month,
        cast(previous_month as date) as previous_month
    from paired
)

select * from final
{% endmacro %}


{#-
    The shares of one month of each pair in `month_pairs` (`month` or `previous_month`), joined
    from `monthly`, keyed by the pair (user, month, previous_month) and the category.
-#}
{% macro month_pair_shares(month_column, category_column) -%}
    select
        month_pairs.user_id,
        month_pairs.month,
        month_pairs.previous_month,
        monthly.{{ category_column }},
        monthly.plays,
        monthly.share
    from month_pairs
    inner join monthly
        on
            month_pairs.user_id = monthly.user_id
            and month_pairs.{{ month_column }} = monthly.month
{%- endmacro %}


{#-
    Jensen-Shannon divergence (log base 2, so in [0, 1]) between the distribution of a user's
    month and of their previous month with a distribution, from the shifts table:
    JS(P, Q) = ½ Σ p·log2(p/m) + ½ Σ q·log2(q/m), m = (p + q) / 2, terms with p = 0 (q = 0) are 0.
    Rounded to 9 decimals (and clamped to [0, 1] against floating-point noise), so that results
    do not depend on the platform's math library.
-#}
{% macro user_distribution_drift(shifts, category_column) %}
with

shifts as (
    select * from {{ shifts }}
),

terms as (
    select
        user_id,
        month,
        previous_month,
        months_apart,
        {{ category_column }},
        plays,
        previous_plays,
        share_change,
        rise_rank,
        fall_rank,
        case
            when share > 0 then share * log2(share / ((share + previous_share) / 2))
            else 0
        end as current_term,
        case
            when previous_share > 0
                then previous_share * log2(previous_share / ((share + previous_share) / 2))
            else 0
        end as previous_term
    from shifts
),

divergences as (
    select
        user_id,
        month,
        any_value(previous_month) as previous_month,
        any_value(months_apart) as months_apart,
        sum(plays) as month_plays,
        sum(previous_plays) as previous_month_plays,
        0.5 * sum(current_term) + 0.5 * sum(previous_term) as js_divergence,
        max({{ category_column }}) filter (where rise_rank = 1 and share_change > 0)
            as top_rising_{{ category_column }},
        max(share_change) filter (where rise_rank = 1 and share_change > 0)
            as top_rising_share_change,
        max({{ category_column }}) filter (where fall_rank = 1 and share_change < 0)
            as top_falling_{{ category_column }},
        min(share_change) filter (where fall_rank = 1 and share_change < 0)
            as top_falling_share_change
    from terms
    group by user_id, month
),

final as (
    select
        -- ids
        user_id,
        cast(top_rising_{{ category_column }} as varchar) as top_rising_{{ category_column }},
        cast(top_falling_{{ category_column }} as varchar) as top_falling_{{ category_column }},

        -- numerics
        cast(round(least(greatest(js_divergence, 0), 1), 9) as double) as js_divergence,
        cast(top_rising_share_change as double) as top_rising_share_change,
        cast(top_falling_share_change as double) as top_falling_share_change,
        cast(month_plays as double) as month_plays,
        cast(previous_month_plays as double) as previous_month_plays,
        cast(months_apart as integer) as months_apart,

        -- dates
        cast(month as date) as month,
        cast(previous_month as date) as previous_month
    from divergences
)

select * from final
{% endmacro %}
