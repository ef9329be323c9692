-- Heatmap of genre families (top-level genres) by ISO week: one row per user, ISO year and week
-- and family (track_genre_families.top_level_genre_id), from the user's streams.
-- The logic is shared with agg_user_mood_hourly (macros/rollups/user_distribution_heatmap.sql).
{{
    user_distribution_heatmap(
        fact_plays=ref('fact_plays'),
        distributions=ref('track_genre_families'),
        dimension=ref('dim_genres'),
        category_column='genre_id',
        name_column='genre_name',
        buckets={
            'iso_year': 'isoyear(played_date_local)',
            'iso_week': 'weekofyear(played_date_local)',
        },
        dates={'week_start_date': "cast(date_trunc('week', played_date_local) as date)"},
        distribution_category_column='top_level_genre_id',
    )
}}
