-- Diversity of each user's month, one row per user, month and dimension: the genre and mood
-- distributions (the monthly rollups' shares) and the artists (shares of the month's streams per
-- artist). Shannon entropy (natural log), normalised entropy (entropy / ln of the number of
-- categories, null for one category) and effective number (exp of entropy). `0 - sum(...)`
-- rather than `-sum(...)` so that a single category gives 0.0, not -0.0.
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

monthly as (
    select * from {{ ref('int_user_distributions_monthly') }}
),

category_shares as (
    select
        user_id,
        month,
        facet as dimension,
        share
    from monthly
    where share > 0
),

artist_streams as (
    select
        user_id,
        artist_id,
        cast(date_trunc('month', played_date_local) as date) as month,
        count(*) as stream_count
    from plays
    where is_stream and artist_id is not null
    group by user_id, artist_id, cast(date_trunc('month', played_date_local) as date)
),

artist_shares as (
    select
        user_id,
        month,
        'artist' as dimension,
        stream_count / sum(stream_count) over (partition by user_id, month) as share
    from artist_streams
),

shares as (
    select * from category_shares
    union all
    select * from artist_shares
),

entropies as (
    select
        user_id,
        month,
        dimension,
        count(*) as category_count,
        0 - sum(share * ln(share)) as entropy
    from shares
    group by user_id, month, dimension
),

final as (
    select
        -- ids
        user_id,
        dimension,

        -- numerics
        cast(category_count as integer) as category_count,
        cast(round(entropy, 9) as double) as entropy,
        cast(
            round(case when category_count > 1 then entropy / ln(category_count) end, 9)
            as double
        ) as entropy_normalized,
        cast(round(exp(entropy), 9) as double) as effective_number,

        -- dates
        month
    from entropies
)

select * from final
