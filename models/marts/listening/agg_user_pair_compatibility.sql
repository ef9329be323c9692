-- How close two users' listening is (contract), for every ordered pair of users with streams
-- (both orders, equal figures) and two periods: `all_time`, and `last_365_days` ending on the
-- later of the two users' last-play days.
--
--   artist_overlap   weighted Jaccard of the two users' artist stream shares:
--                    Σ min(share) / Σ max(share) over the artists of either user, where
--                    Σ max = 2 - Σ min because each user's shares sum to 1
--   genre_similarity cosine of the two users' genre vectors (score-weighted streams; the
--                    cosine of their shares is the same), likewise mood_similarity
--   compatibility    the weighted mean of the similarities that exist: artist_overlap 0.5,
--                    genre_similarity 0.3, mood_similarity 0.2 (weights of missing ones are
--                    left out, so it stays in [0, 1]); null when none exists
-- Each similarity says what it stands on: the streams of both users in the period and, per
-- similarity, the smaller of the two users' shares of streams it could use (coverage).
-- Computed for unordered pairs once and mirrored, so both orders carry identical numbers.
with

pairs as (
    select * from {{ ref('int_user_pairs') }}
),

items as (
    select * from {{ ref('int_user_period_items') }}
),

days as (
    select * from {{ ref('int_listening_days_fingerprinted') }}
),

category_days as (
    -- the genre and mood rollups per user and local day, in one long shape
    select * from {{ ref('int_user_distributions_daily') }}
),

user_windows as (
    select distinct
        user_id,
        period,
        period_start,
        period_end,
        window_end
    from pairs
),

window_streams as (
    select
        user_windows.user_id,
        user_windows.period,
        user_windows.period_start,
        user_windows.period_end,
        sum(days.stream_count) as streams,
        sum(days.artist_stream_count) as artist_streams
    from user_windows
    inner join days
        on
            user_windows.user_id = days.user_id
            and days.day between user_windows.period_start and user_windows.period_end
    group by all
),

-- Genre and mood vectors: plays = Σ score over the period's streams (a stream with a
-- distribution adds 1 in all, so Σ plays is the number of streams with one).
category_vectors as (
    select
        user_windows.user_id,
        user_windows.period,
        user_windows.period_start,
        user_windows.period_end,
        category_days.facet,
        category_days.category_id,
        sum(category_days.plays) as weight
    from user_windows
    inner join category_days
        on
            user_windows.user_id = category_days.user_id
            and category_days.day between user_windows.period_start and user_windows.period_end
    group by all
),

category_norms as (
    select
        user_id,
        period,
        period_start,
        period_end,
        sqrt(sum(weight * weight) filter (where facet = 'genre')) as genre_norm,
        sum(weight) filter (where facet = 'genre') as genre_weight,
        sqrt(sum(weight * weight) filter (where facet = 'mood')) as mood_norm,
        sum(weight) filter (where facet = 'mood') as mood_weight
    from category_vectors
    group by all
),

item_totals as (
    select
        user_id,
        period,
        window_end,
        count(*) filter (where kind = 'artist') as artist_count
    from items
    group by all
),

-- What each user has in each window: streams, artists, and the genre and mood vectors' norms
-- and totals (Σ plays = the streams with a distribution).
profiles as (
    select
        user_windows.user_id,
        user_windows.period,
        user_windows.period_start,
        user_windows.period_end,
        coalesce(window_streams.streams, 0) as streams,
        coalesce(window_streams.artist_streams, 0) as artist_streams,
        coalesce(item_totals.artist_count, 0) as artist_count,
        category_norms.genre_norm,
        coalesce(category_norms.genre_weight, 0) as genre_weight,
        category_norms.mood_norm,
        coalesce(category_norms.mood_weight, 0) as mood_weight
    from user_windows
    left join window_streams
        on
            user_windows.user_id = window_streams.user_id
            and user_windows.period = window_streams.period
            and user_windows.period_start = window_streams.period_start
            and user_windows.period_end = window_streams.period_end
    left join item_totals
        on
            user_windows.user_id = item_totals.user_id
            and user_windows.period = item_totals.period
            and user_windows.window_end is not distinct from item_totals.window_end
    left join category_norms
        on
            user_windows.user_id = category_norms.user_id
            and user_windows.period = category_norms.period
            and user_windows.period_start = category_norms.period_start
            and user_windows.period_end = category_norms.period_end
),

unordered_pairs as (
    select * from pairs
    where user_id < other_user_id
),

category_dots as (
    select
        unordered_pairs.user_id,
        unordered_pairs.other_user_id,
        unordered_pairs.period,
        sum(mine.weight * theirs.weight) filter (where mine.facet = 'genre') as genre_dot,
        sum(mine.weight * theirs.weight) filter (where mine.facet = 'mood') as mood_dot
    from unordered_pairs
    inner join category_vectors as mine
        on
            unordered_pairs.user_id = mine.user_id
            and unordered_pairs.period = mine.period
            and unordered_pairs.period_start = mine.period_start
            and unordered_pairs.period_end = mine.period_end
    inner join category_vectors as theirs
        on
            unordered_pairs.other_user_id = theirs.user_id
            and unordered_pairs.period = theirs.period
            and unordered_pairs.period_start = theirs.period_start
            and unordered_pairs.period_end = theirs.period_end
            and mine.facet = theirs.facet
            and mine.category_id = theirs.category_id
    group by all
),

shared_items as (
    select
        unordered_pairs.user_id,
        unordered_pairs.other_user_id,
        unordered_pairs.period,
        count(*) filter (where mine.kind = 'artist') as shared_artists,
        count(*) filter (where mine.kind = 'track') as shared_tracks,
        sum(least(mine.share, theirs.share)) filter (where mine.kind = 'artist') as min_share_sum
    from unordered_pairs
    inner join items as mine
        on
            unordered_pairs.user_id = mine.user_id
            and unordered_pairs.period = mine.period
            and unordered_pairs.window_end is not distinct from mine.window_end
    inner join items as theirs
        on
            unordered_pairs.other_user_id = theirs.user_id
            and unordered_pairs.period = theirs.period
            and unordered_pairs.window_end is not distinct from theirs.window_end
            and mine.kind = theirs.kind
            and mine.item_id = theirs.item_id
    group by all
),

similarities as (
    select
        unordered_pairs.user_id,
        unordered_pairs.other_user_id,
        unordered_pairs.period,
        unordered_pairs.period_start,
        unordered_pairs.period_end,
        mine.streams,
        theirs.streams as other_streams,
        coalesce(shared_items.shared_artists, 0) as shared_artists,
        coalesce(shared_items.shared_tracks, 0) as shared_tracks,
        case
            when mine.artist_count > 0 and theirs.artist_count > 0
                then
                    coalesce(shared_items.min_share_sum, 0)
                    / (2 - coalesce(shared_items.min_share_sum, 0))
        end as artist_overlap,
        category_dots.genre_dot / (mine.genre_norm * theirs.genre_norm) as genre_similarity,
        category_dots.mood_dot / (mine.mood_norm * theirs.mood_norm) as mood_similarity,
        -- coverage: the smaller of the two users' shares (null when either has no stream)
        case
            when mine.streams > 0 and theirs.streams > 0
                then least(mine.artist_streams / mine.streams, theirs.artist_streams / theirs.streams)
        end as artist_coverage,
        case
            when mine.streams > 0 and theirs.streams > 0
                then least(mine.genre_weight / mine.streams, theirs.genre_weight / theirs.streams)
        end as genre_coverage,
        case
            when mine.streams > 0 and theirs.streams > 0
                then least(mine.mood_weight / mine.streams, theirs.mood_weight / theirs.streams)
        end as mood_coverage
    from unordered_pairs
    inner join profiles as mine
        on
            unordered_pairs.user_id = mine.user_id
            and unordered_pairs.period = mine.period
            and unordered_pairs.period_start = mine.period_start
            and unordered_pairs.period_end = mine.period_end
    inner join profiles as theirs
        on
            unordered_pairs.other_user_id = theirs.user_id
            and unordered_pairs.period = theirs.period
            and unordered_pairs.period_start = theirs.period_start
            and unordered_pairs.period_end = theirs.period_end
    left join shared_items
        on
            unordered_pairs.user_id = shared_items.user_id
            and unordered_pairs.other_user_id = shared_items.other_user_id
            and unordered_pairs.period = shared_items.period
    left join category_dots
        on
            unordered_pairs.user_id = category_dots.user_id
            and unordered_pairs.other_user_id = category_dots.other_user_id
            and unordered_pairs.period = category_dots.period
),

-- (floating-point sums can pass 1 by an ulp: clamped in final.)
-- Orthogonal vectors have no shared category, so no dot row: their similarity is 0, not null.
similarities_completed as (
    select
        * replace (
            case
                when genre_coverage > 0 then coalesce(genre_similarity, 0)
            end as genre_similarity,
            case
                when mood_coverage > 0 then coalesce(mood_similarity, 0)
            end as mood_similarity
        )
    from similarities
),

scored as (
    select
        *,
        (
            0.5 * coalesce(artist_overlap, 0)
            + 0.3 * coalesce(genre_similarity, 0)
            + 0.2 * coalesce(mood_similarity, 0)
        ) / nullif(
            0.5 * cast(artist_overlap is not null as integer)
            + 0.3 * cast(genre_similarity is not null as integer)
            + 0.2 * cast(mood_similarity is not null as integer),
            0
        ) as compatibility
    from similarities_completed
),

both_orders as (
    select * from scored
    union all
    select
        * replace (
            other_user_id as user_id,
            user_id as other_user_id,
            other_streams as streams,
            streams as other_streams
        )
    from scored
),

final as (
    select
        -- ids
        user_id,
        other_user_id,

        -- strings
        period,

        -- numerics
        cast(case when compatibility > 1 then 1 else compatibility end as double) as compatibility,
        cast(case when artist_overlap > 1 then 1 else artist_overlap end as double) as artist_overlap,
        cast(case when genre_similarity > 1 then 1 else genre_similarity end as double) as genre_similarity,
        cast(case when mood_similarity > 1 then 1 else mood_similarity end as double) as mood_similarity,
        cast(shared_artists as bigint) as shared_artists,
        cast(shared_tracks as bigint) as shared_tracks,
        cast(streams as bigint) as streams,
        cast(other_streams as bigint) as other_streams,
        cast(artist_coverage as double) as artist_coverage,
        cast(genre_coverage as double) as genre_coverage,
        cast(mood_coverage as double) as mood_coverage,

        -- dates
        period_start,
        period_end
    from both_orders
)

select * from final
