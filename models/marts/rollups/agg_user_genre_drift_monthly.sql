-- Month-over-month Jensen-Shannon divergence of each user's genre distribution, with the genres
-- that rose and fell most.
{{ user_distribution_drift(shifts=ref('agg_user_genre_shifts_monthly'), category_column='genre_id') }}
