-- The genre and mood rollups (daily and monthly) hold exactly what their definition gives when
-- recomputed from scratch: for every user, period and category, plays = Σ score and
-- ms_played = Σ score × ms_played over the user's streams of the period, with no period or
-- category missing or extra. Run on every build, this also proves the incremental models have
-- not kept a stale period. Fails with one row per differing (rollup, user, period, category).
with

fact_plays as (
    select * from {{ ref('fact_plays') }}
),

track_genres as (
    select * from {{ ref('track_genres') }}
),

track_moods as (
    select * from {{ ref('track_moods') }}
),

streams as (
    select
        user_id,
        track_id,
        ms_played,
        played_date_local as day
    from fact_plays
    where is_stream
),

distributions as (
    select 'genre' as facet, track_id, genre_id as category_id, score from track_genres
    union all
    select 'mood' as facet, track_id, mood_id as category_id, score from track_moods
),

expected_daily as (
    select
        distributions.facet,
        streams.user_id,
        streams.day,
        distributions.category_id,
        sum(distributions.score) as plays,
        sum(distributions.score * streams.ms_played) as ms_played
    from streams
    inner join distributions
        on streams.track_id = distributions.track_id
    group by distributions.facet, streams.user_id, streams.day, distributions.category_id
),

-- A month's streams are the streams of its days (played_date_local is the local date of
-- played_at_local, whose month is the rollup's month).
expected as (
    select facet, 'day' as grain, user_id, day as period, category_id, plays, ms_played
    from expected_daily
    union all
    select
        facet,
        'month' as grain,
        user_id,
        cast(date_trunc('month', day) as date) as period,
        category_id,
        sum(plays) as plays,
        sum(ms_played) as ms_played
    from expected_daily
    group by all
),

actual as (
    select 'genre' as facet, 'day' as grain, user_id, day as period, genre_id as category_id, plays, ms_played
    from {{ ref('agg_user_genre_daily') }}
    union all
    select 'genre', 'month', user_id, month, genre_id, plays, ms_played
    from {{ ref('agg_user_genre_monthly') }}
    union all
    select 'mood', 'day', user_id, day, mood_id, plays, ms_played
    from {{ ref('agg_user_mood_daily') }}
    union all
    select 'mood', 'month', user_id, month, mood_id, plays, ms_played
    from {{ ref('agg_user_mood_monthly') }}
),

compared as (
    select
        facet,
        grain,
        user_id,
        period,
        category_id,
        expected.plays as expected_plays,
        actual.plays as actual_plays,
        expected.ms_played as expected_ms_played,
        actual.ms_played as actual_ms_played
    from expected
    full outer join actual
        using (facet, grain, user_id, period, category_id)
),

final as (
    select *
    from compared
    where
        expected_plays is null
        or actual_plays is null
        or abs(expected_plays - actual_plays) > 1e-6
        or abs(expected_ms_played - actual_ms_played) > 1e-6 * greatest(expected_ms_played, 1000)
)

select * from final
