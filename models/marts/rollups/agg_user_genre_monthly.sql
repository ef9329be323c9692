{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['user_id', 'month'],
        on_schema_change='fail',
        post_hook="{{ delete_vanished_periods('month', ref('agg_user_genre_daily'), months_of_days=true) }}",
    )
}}

-- Genre rollup per user and local month, summed from agg_user_genre_daily.
{{
    user_distribution_monthly(
        daily=ref('agg_user_genre_daily'),
        category_column='genre_id',
    )
}}
