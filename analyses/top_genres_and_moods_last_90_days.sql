-- Top 5 genres and moods of one user's last 90 days (the window ends at their last play, or at
-- the var top_window_end_date). Compile with:
--   dbt compile --select top_genres_and_moods_last_90_days --vars '{username: alice}'
-- Without the var `username` every user is listed. window_coverage is the share of the window's
-- streams whose track has a distribution: the shares describe that part only.
with

users as (
    select * from {{ ref('dim_users') }}
),

top_genres as (
    select * from {{ ref('agg_user_top_genres_90d') }}
),

top_moods as (
    select * from {{ ref('agg_user_top_moods_90d') }}
),

ranked as (
    select
        user_id,
        'genre' as facet,
        genre_rank as category_rank,
        genre_name as category_name,
        share,
        window_coverage,
        window_start_date,
        window_end_date
    from top_genres
    where genre_rank <= 5
    union all
    select
        user_id,
        'mood' as facet,
        mood_rank as category_rank,
        mood_name as category_name,
        share,
        window_coverage,
        window_start_date,
        window_end_date
    from top_moods
    where mood_rank <= 5
)

select
    users.username,
    ranked.facet,
    ranked.category_rank,
    ranked.category_name,
    round(ranked.share, 3) as share,
    round(ranked.window_coverage, 3) as window_coverage,
    ranked.window_start_date,
    ranked.window_end_date
from ranked
inner join users
    on ranked.user_id = users.user_id
{%- if var('username', none) %}
where users.username = '{{ var("username") }}'
{%- endif %}
order by users.username, ranked.facet, ranked.category_rank
