-- Every mood of each user's streams in the last 90 local days before their last play (or up to
-- the dbt var top_window_end_date), ranked, with the share of the window's streams it covers.
{{
    user_top_categories(
        daily=ref('agg_user_mood_daily'),
        dimension=ref('dim_moods'),
        category_column='mood_id',
        name_column='mood_name',
        streams_with_column='streams_with_mood',
    )
}}
