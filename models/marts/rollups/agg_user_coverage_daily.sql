-- Per user and local day: how many streams have a genre and a mood distribution, i.e. what the
-- day's genre and mood rollups cover (macros/rollups/user_coverage.sql, shared with the month).
{{ user_coverage(user_days=ref('int_user_days_fingerprinted'), period_column='day') }}
