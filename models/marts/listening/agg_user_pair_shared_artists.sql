-- The artists two users share most, per ordered pair of users and comparison period (as in
-- agg_user_pair_compatibility): the 10 shared artists contributing most to their artist
-- overlap, i.e. with the largest smaller share of the two users' streams (ties by artist_id).
with

pairs as (
    select * from {{ ref('int_user_pairs') }}
),

items as (
    select * from {{ ref('int_user_period_items') }}
),

artists as (
    select * from {{ ref('dim_artists') }}
),

shared as (
    select
        pairs.user_id,
        pairs.other_user_id,
        pairs.period,
        pairs.period_start,
        pairs.period_end,
        mine.item_id as artist_id,
        mine.streams,
        theirs.streams as other_streams,
        mine.share,
        theirs.share as other_share,
        least(mine.share, theirs.share) as shared_share
    from pairs
    inner join items as mine
        on
            pairs.user_id = mine.user_id
            and pairs.period = mine.period
            and pairs.window_end is not distinct from mine.window_end
            and mine.kind = 'artist'
    inner join items as theirs
        on
            pairs.other_user_id = theirs.user_id
            and pairs.period = theirs.period
            and pairs.window_end is not distinct from theirs.window_end
            and theirs.kind = 'artist'
            and mine.item_id = theirs.item_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by user_id, other_user_id, period
            order by shared_share desc, artist_id asc
        ) as artist_rank
    from shared
    qualify artist_rank <= 10
),

final as (
    select
        -- ids
        ranked.user_id,
        ranked.other_user_id,
        ranked.artist_id,

        -- strings
        ranked.period,
        artists.artist_name,

        -- numerics
        cast(ranked.artist_rank as integer) as artist_rank,
        cast(ranked.streams as bigint) as streams,
        cast(ranked.other_streams as bigint) as other_streams,
        cast(ranked.share as double) as share,
        cast(ranked.other_share as double) as other_share,
        cast(ranked.shared_share as double) as shared_share,

        -- dates
        ranked.period_start,
        ranked.period_end
    from ranked
    left join artists
        on ranked.artist_id = artists.artist_id
)

select * from final
