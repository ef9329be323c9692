-- Month-over-month Jensen-Shannon divergence of each user's mood distribution, with the moods
-- that rose and fell most.
{{ user_distribution_drift(shifts=ref('agg_user_mood_shifts_monthly'), category_column='mood_id') }}
