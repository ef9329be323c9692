-- One row per user, local day with at least one stream, and facet (genre, mood): how many of the
-- day's streams have a distribution of that facet, and a fingerprint of everything the day's
-- rollup of that facet is computed from. The incremental rollups rebuild exactly the days whose
-- fingerprint changed.
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

distributions as (
    select * from {{ ref('int_track_distributions') }}
),

facets as (
    select 'genre' as facet
    union all
    select 'mood' as facet
),

-- A track's whole distribution of a facet in one value: any change of a score, of the set of
-- categories or of method_version changes it. Scores are rounded to 12 decimals so that
-- floating-point noise of a rebuilt distribution (parallel sums) does not make every day look
-- changed.
track_fingerprints as (
    select
        track_id,
        facet,
        md5(string_agg(
            category_id || '=' || cast(round(score, 12) as varchar) || '@' || method_version,
            ';' order by category_id
        )) as distribution_fingerprint
    from distributions
    group by track_id, facet
),

streams as (
    select
        play_id,
        user_id,
        track_id,
        played_date_local as day,
        ms_played
    from plays
    where is_stream
),

-- What one stream contributes to a facet's rollup: its play, its length and its track's
-- distribution (null when the track has none, so it contributes nothing to that facet).
streams_fingerprinted as (
    select
        streams.user_id,
        streams.day,
        facets.facet,
        streams.ms_played,
        streams.play_id || ':' || cast(streams.ms_played as varchar) || ':'
        || track_fingerprints.distribution_fingerprint as contribution
    from streams
    cross join facets
    left join track_fingerprints
        on
            streams.track_id = track_fingerprints.track_id
            and facets.facet = track_fingerprints.facet
),

-- A fingerprint is the count and the sum of the 64-bit hashes of the day's contributions: it
-- needs no sort (md5 over a string_agg in play_id order made this model three times slower).
-- DuckDB's hash() is deterministic within a DuckDB version; an upgrade that changes it only
-- makes the next run rebuild every period once.
aggregated as (
    select
        user_id,
        day,
        facet,
        count(*) as stream_count,
        count(contribution) as streams_with_distribution,
        sum(ms_played) as ms_played,
        sum(cast(hash(contribution) as hugeint)) filter (
            where contribution is not null
        ) as hash_sum
    from streams_fingerprinted
    group by user_id, day, facet
),

final as (
    select
        -- ids
        user_id,
        facet,

        -- fingerprints (null when no stream of the day has a distribution of the facet)
        case
            when streams_with_distribution > 0
                then cast(streams_with_distribution as varchar) || '-' || cast(hash_sum as varchar)
        end as fingerprint,

        -- numerics
        stream_count,
        streams_with_distribution,
        ms_played,

        -- dates
        cast(day as date) as day,
        cast(date_trunc('month', day) as date) as month
    from aggregated
)

select * from final
