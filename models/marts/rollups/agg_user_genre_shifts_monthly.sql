-- How much each genre's share of a user's month rose or fell against their previous month.
{{ user_distribution_shifts(monthly=ref('agg_user_genre_monthly'), category_column='genre_id') }}
