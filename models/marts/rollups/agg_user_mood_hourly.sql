-- Heatmap of moods by local hour of day: one row per user, hour (0-23) and mood, over all the
-- user's streams; share is within the user and hour.
-- The logic is shared with agg_user_genre_family_weekly (macros/rollups/user_distribution_heatmap.sql).
{{
    user_distribution_heatmap(
        fact_plays=ref('fact_plays'),
        distributions=ref('track_moods'),
        dimension=ref('dim_moods'),
        category_column='mood_id',
        name_column='mood_name',
        buckets={'hour_of_day': 'hour(played_at_local)'},
    )
}}
