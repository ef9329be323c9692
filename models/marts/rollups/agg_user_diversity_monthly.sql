-- Diversity of each user's month: Shannon entropy (natural log) of the genre distribution
-- (agg_user_genre_monthly shares) and of the artist distribution (shares of the month's streams
-- per artist), normalised entropy and effective number (exp of entropy). `0 - sum(...)` rather
-- than `-sum(...)` so that a single category gives 0.0, not -0.0.
with

fact_plays as (
    select * from {{ ref('fact_plays') }}
),

genre_monthly as (
    select * from {{ ref('agg_user_genre_monthly') }}
),

genre_diversity as (
    select
        user_id,
        month,
        count(*) as genre_count,
        0 - sum(share * ln(share)) as genre_entropy
    from genre_monthly
    where share > 0
    group by user_id, month
),

artist_streams as (
    select
        user_id,
        artist_id,
        cast(date_trunc('month', played_date_local) as date) as month,
        count(*) as stream_count
    from fact_plays
    where is_stream and artist_id is not null
    group by all
),

artist_shares as (
    select
        user_id,
        month,
        artist_id,
        stream_count / sum(stream_count) over (partition by user_id, month) as share
    from artist_streams
),

artist_diversity as (
    select
        user_id,
        month,
        count(*) as artist_count,
        0 - sum(share * ln(share)) as artist_entropy
    from artist_shares
    group by user_id, month
),

joined as (
    select
        coalesce(genre_diversity.user_id, artist_diversity.user_id) as user_id,
        coalesce(genre_diversity.month, artist_diversity.month) as month,
        genre_diversity.genre_count,
        genre_diversity.genre_entropy,
        artist_diversity.artist_count,
        artist_diversity.artist_entropy
    from genre_diversity
    full outer join artist_diversity
        on
            genre_diversity.user_id = artist_diversity.user_id
            and genre_diversity.month = artist_diversity.month
),

final as (
    select
        -- ids
        user_id,

        -- numerics
        cast(genre_count as integer) as genre_count,
        cast(round(genre_entropy, 9) as double) as genre_entropy,
        cast(
            round(case when genre_count > 1 then genre_entropy / ln(genre_count) end, 9)
            as double
        ) as genre_entropy_normalized,
        cast(round(exp(genre_entropy), 9) as double) as genre_effective_number,
        cast(artist_count as integer) as artist_count,
        cast(round(artist_entropy, 9) as double) as artist_entropy,
        cast(
            round(case when artist_count > 1 then artist_entropy / ln(artist_count) end, 9)
            as double
        ) as artist_entropy_normalized,
        cast(round(exp(artist_entropy), 9) as double) as artist_effective_number,

        -- dates
        month
    from joined
)

select * from final
