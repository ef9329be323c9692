{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['user_id', 'day'],
        on_schema_change='fail',
        post_hook="{{ delete_vanished_periods('day', ref('int_user_days_fingerprinted'), condition='current_periods.mood_fingerprint is not null') }}",
    )
}}

-- Mood rollup per user and local day; see the model docs for how incremental builds stay correct.
{{
    user_distribution_daily(
        fact_plays=ref('fact_plays'),
        distributions=ref('track_moods'),
        user_days=ref('int_user_days_fingerprinted'),
        category_column='mood_id',
        fingerprint_column='mood_fingerprint',
    )
}}
