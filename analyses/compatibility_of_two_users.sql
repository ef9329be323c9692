-- How close two users' listening is, in both periods, with what each figure stands on and the
-- artists they share most. Set the two usernames with --vars, e.g.
--   dbt compile --select compatibility_of_two_users --vars '{user_a: alice, user_b: bjørn}'
-- (by default, the first two usernames in alphabetical order).
{% set user_a = var('user_a', none) %}
{% set user_b = var('user_b', none) %}
with

users as (
    select * from {{ ref('dim_users') }}
),

compatibility as (
    select * from {{ ref('agg_user_pair_compatibility') }}
),

shared_artists as (
    select * from {{ ref('agg_user_pair_shared_artists') }}
),

ranked_users as (
    select
        user_id,
        username,
        row_number() over (order by username) as username_rank
    from users
),

chosen as (
    select
        {%- if user_a and user_b %}
            max(user_id) filter (where username = '{{ user_a }}') as user_id,
            max(user_id) filter (where username = '{{ user_b }}') as other_user_id
        {%- else %}
            max(user_id) filter (where username_rank = 1) as user_id,
            max(user_id) filter (where username_rank = 2) as other_user_id
        {%- endif %}
    from ranked_users
),

top_shared as (
    select
        shared_artists.period,
        string_agg(shared_artists.artist_name, ', ' order by shared_artists.artist_rank)
            as top_shared_artists
    from shared_artists
    inner join chosen
        on
            shared_artists.user_id = chosen.user_id
            and shared_artists.other_user_id = chosen.other_user_id
    group by shared_artists.period
)

select
    compatibility.period,
    compatibility.period_start,
    compatibility.period_end,
    round(compatibility.compatibility, 3) as compatibility,
    round(compatibility.artist_overlap, 3) as artist_overlap,
    round(compatibility.genre_similarity, 3) as genre_similarity,
    round(compatibility.mood_similarity, 3) as mood_similarity,
    compatibility.shared_artists,
    compatibility.shared_tracks,
    compatibility.streams,
    compatibility.other_streams,
    round(compatibility.genre_coverage, 3) as genre_coverage,
    round(compatibility.mood_coverage, 3) as mood_coverage,
    top_shared.top_shared_artists
from compatibility
inner join chosen
    on
        compatibility.user_id = chosen.user_id
        and compatibility.other_user_id = chosen.other_user_id
left join top_shared
    on compatibility.period = top_shared.period
order by compatibility.period
