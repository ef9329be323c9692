-- Per user and local month: how many streams have a genre and a mood distribution, i.e. what
-- the month's genre and mood rollups cover (macros/rollups/user_coverage.sql, shared with the day).
{{ user_coverage(user_days=ref('int_user_days_fingerprinted'), period_column='month') }}
