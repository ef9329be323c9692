-- One row per user and local day with at least one stream: how many streams have a genre and a
-- mood distribution, and a fingerprint of everything the day's genre and mood rollups are
-- computed from. The incremental rollups rebuild exactly the days whose fingerprint changed.
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

-- A track's whole distribution in one value: any change of a score, of the set of genres or of
-- method_version changes it. Scores are rounded to 12 decimals so that floating-point noise of
-- a rebuilt track_genres (parallel sums) does not make every day look changed.
track_genre_fingerprints as (
    select
        track_id,
        md5(string_agg(
            genre_id || '=' || cast(round(score, 12) as varchar) || '@' || method_version,
            ';' order by genre_id
        )) as distribution_fingerprint
    from track_genres
    group by track_id
),

track_mood_fingerprints as (
    select
        track_id,
        md5(string_agg(
            mood_id || '=' || cast(round(score, 12) as varchar) || '@' || method_version,
            ';' order by mood_id
        )) as distribution_fingerprint
    from track_moods
    group by track_id
),

streams as (
    select
        play_id,
        user_id,
        track_id,
        played_date_local as day,
        ms_played
    from fact_plays
    where is_stream
),

-- What one stream contributes to a rollup: its play, its length and its track's distribution
-- (null when the track has none, so it contributes nothing to that facet).
streams_fingerprinted as (
    select
        streams.user_id,
        streams.day,
        streams.play_id,
        streams.ms_played,
        streams.play_id || ':' || cast(streams.ms_played as varchar) || ':'
        || track_genre_fingerprints.distribution_fingerprint as genre_contribution,
        streams.play_id || ':' || cast(streams.ms_played as varchar) || ':'
        || track_mood_fingerprints.distribution_fingerprint as mood_contribution
    from streams
    left join track_genre_fingerprints
        on streams.track_id = track_genre_fingerprints.track_id
    left join track_mood_fingerprints
        on streams.track_id = track_mood_fingerprints.track_id
),

-- A fingerprint is the count and the sum of the 64-bit hashes of the day's contributions: it
-- needs no sort (md5 over a string_agg in play_id order made this model three times slower).
-- DuckDB's hash() is deterministic within a DuckDB version; an upgrade that changes it only
-- makes the next run rebuild every period once.
aggregated as (
    select
        user_id,
        day,
        count(*) as stream_count,
        count(genre_contribution) as streams_with_genre,
        count(mood_contribution) as streams_with_mood,
        sum(ms_played) as ms_played,
        sum(cast(hash(genre_contribution) as hugeint)) filter (
            where genre_contribution is not null
        ) as genre_hash_sum,
        sum(cast(hash(mood_contribution) as hugeint)) filter (
            where mood_contribution is not null
        ) as mood_hash_sum
    from streams_fingerprinted
    group by user_id, day
),

final as (
    select
        -- ids
        user_id,

        -- fingerprints (null when no stream of the day has a distribution of that facet)
        case
            when streams_with_genre > 0
                then cast(streams_with_genre as varchar) || '-' || cast(genre_hash_sum as varchar)
        end as genre_fingerprint,
        case
            when streams_with_mood > 0
                then cast(streams_with_mood as varchar) || '-' || cast(mood_hash_sum as varchar)
        end as mood_fingerprint,

        -- numerics
        stream_count,
        streams_with_genre,
        streams_with_mood,
        ms_played,

        -- dates
        cast(day as date) as day,
        cast(date_trunc('month', day) as date) as month
    from aggregated
)

select * from final
