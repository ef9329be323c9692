-- Genre drift: each user's month with the largest Jensen-Shannon divergence from the month
-- before (0 = same genre mix, 1 = nothing in common), with the genres that rose and fell most.
-- Months resting on at least 10 plays on both sides come first (two thin months can differ
-- completely by chance). Drop the `qualify` to see every month.
with

users as (
    select * from {{ ref('dim_users') }}
),

genres as (
    select * from {{ ref('dim_genres') }}
),

drift as (
    select * from {{ ref('agg_user_genre_drift_monthly') }}
)

select
    users.username,
    drift.month,
    drift.previous_month,
    round(drift.js_divergence, 3) as js_divergence,
    rising.genre_name as rose_most,
    round(drift.top_rising_share_change, 3) as rose_by,
    falling.genre_name as fell_most,
    round(drift.top_falling_share_change, 3) as fell_by,
    round(drift.month_plays, 1) as month_plays,
    round(drift.previous_month_plays, 1) as previous_month_plays
from drift
inner join users
    on drift.user_id = users.user_id
left join genres as rising
    on drift.top_rising_genre_id = rising.genre_id
left join genres as falling
    on drift.top_falling_genre_id = falling.genre_id
qualify row_number() over (
    partition by drift.user_id
    order by
        drift.month_plays >= 10 and drift.previous_month_plays >= 10 desc,
        drift.js_divergence desc,
        drift.month
) = 1
order by users.username
