-- One row per user and local day with at least one music play: a fingerprint of everything the
-- listening models compute from that day's plays, and a few counts.
--
-- The incremental listening models store the fingerprints they were built from and compare them
-- with this table to find exactly what changed: new or re-loaded plays, plays re-resolved to
-- another track or artist, a new time zone (every local time moves), another `min_stream_ms`
-- (is_stream changes) or `session_gap_minutes` (part of every fingerprint). One scan of the plays
-- and no sort: the cheap part of an incremental build.
with

plays as (
    select * from {{ ref('int_plays_resolved') }}
),

aggregated as (
    select
        user_id,
        played_date_local as day,
        count(*) as play_count,
        count(*) filter (where is_stream) as stream_count,
        count(*) filter (where is_stream and artist_id is not null) as artist_stream_count,
        -- Σ of 64-bit hashes: order-free, so no sort; DuckDB's hash() is stable within a
        -- version (an upgrade that changes it only makes the next run rebuild everything once)
        sum(cast(hash(
            play_id,
            track_id,
            artist_id,
            ms_played,
            is_stream,
            skipped,
            reason_end,
            shuffle,
            played_at,
            ended_at,
            played_at_local
        ) as hugeint)) as play_hash_sum,
        min(played_at) as first_played_at,
        max(played_at) as last_played_at,
        max(ended_at) as last_ended_at
    from plays
    group by user_id, played_date_local
),

final as (
    select
        -- ids
        user_id,

        -- fingerprints
        cast(play_count as varchar) || '-' || cast(play_hash_sum as varchar)
        || '-gap{{ var("session_gap_minutes") }}' as play_fingerprint,

        -- numerics
        play_count,
        stream_count,
        artist_stream_count,
        play_hash_sum,

        -- timestamps
        first_played_at,
        last_played_at,
        last_ended_at,

        -- dates
        day,
        cast(date_trunc('month', day) as date) as month
    from aggregated
)

select * from final
