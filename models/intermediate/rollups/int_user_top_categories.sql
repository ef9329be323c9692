-- Every genre and mood of each user's streams in a trailing window of `top_window_days` local
-- days (default 90) ending at the user's last play, or at the dbt var `top_window_end_date` for
-- every user when it is set; ranked by plays within the user and facet (ties broken by id), with
-- the coverage the ranking stands on.
{%- set window_end_date = var('top_window_end_date', none) %}
{%- set window_days = var('top_window_days', 90) | int %}
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

user_days as (
    select * from {{ ref('int_user_days_fingerprinted') }}
),

daily as (
    select * from {{ ref('int_user_distributions_daily') }}
),

categories as (
    select * from {{ ref('int_taxonomy_categories') }}
),

windows as (
    select
        user_id,
        {%- if window_end_date %}
        cast('{{ window_end_date }}' as date) as window_end_date
        {%- else %}
            max(played_date_local) as window_end_date
        {%- endif %}
    from plays
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
        user_days.facet,
        sum(user_days.stream_count) as stream_count,
        sum(user_days.streams_with_distribution) as streams_with_distribution
    from windows_bounded
    inner join user_days
        on
            windows_bounded.user_id = user_days.user_id
            and user_days.day between windows_bounded.window_start_date
            and windows_bounded.window_end_date
    group by windows_bounded.user_id, user_days.facet
),

window_totals as (
    select
        windows_bounded.user_id,
        daily.facet,
        daily.category_id,
        sum(daily.plays) as plays,
        sum(daily.ms_played) as ms_played
    from windows_bounded
    inner join daily
        on
            windows_bounded.user_id = daily.user_id
            and daily.day between windows_bounded.window_start_date
            and windows_bounded.window_end_date
    group by windows_bounded.user_id, daily.facet, daily.category_id
),

final as (
    select
        -- ids
        window_totals.user_id,
        window_totals.facet,
        window_totals.category_id,

        -- strings
        categories.category_name,

        -- numerics
        cast(row_number() over (
            partition by window_totals.user_id, window_totals.facet
            order by window_totals.plays desc, window_totals.category_id asc
        ) as integer) as category_rank,
        cast(window_totals.plays as double) as plays,
        cast(window_totals.ms_played as double) as ms_played,
        cast(
            window_totals.plays / sum(window_totals.plays)
                over (
                    partition by window_totals.user_id, window_totals.facet
                )
            as double
        ) as share,
        cast(window_streams.stream_count as bigint) as window_streams,
        cast(window_streams.streams_with_distribution as bigint)
            as window_streams_with_distribution,
        cast(
            window_streams.streams_with_distribution / window_streams.stream_count as double
        ) as coverage,

        -- booleans
        window_streams.streams_with_distribution / window_streams.stream_count
        >= {{ var('min_coverage_to_rank') }} as has_enough_coverage,

        -- dates
        windows_bounded.window_start_date,
        windows_bounded.window_end_date
    from window_totals
    inner join windows_bounded
        on window_totals.user_id = windows_bounded.user_id
    inner join window_streams
        on
            window_totals.user_id = window_streams.user_id
            and window_totals.facet = window_streams.facet
    left join categories
        on
            window_totals.facet = categories.facet
            and window_totals.category_id = categories.category_id
)

select * from final
