-- How much each mood's share of a user's month rose or fell against their previous month.
{{ user_distribution_shifts(monthly=ref('agg_user_mood_monthly'), category_column='mood_id') }}
