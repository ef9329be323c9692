{{
    config(
        materialized='incremental',
        unique_key='play_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

-- One row per music play (local files included); podcasts and audiobooks are not music plays.
--
-- Incremental: a run (re)builds only
--   * plays loaded since the last run (late files with old plays included: the watermark is the
--     load time, not the play time),
--   * every play of a track whose album or artist changed (enrichment merged albums into their
--     release, a later export renamed them),
--   * every account-data play (they resolve to URI-keyed tracks by name; a new export can change
--     that resolution),
--   * every play of a user whose time zone changed (local times move) and
--   * every play whose is_stream was built with another `min_stream_ms`.
-- Re-loaded rows never land twice (ingest dedupes on content), and delete+insert on `play_id`
-- makes a re-run idempotent. `dbt build --full-refresh` rebuilds everything.
with

plays as (
    select * from {{ ref('int_plays_unioned') }}
    where content_type = 'track'
),

tracks as (
    select * from {{ ref('dim_tracks') }}
),

account_resolution as (
    select * from {{ ref('int_account_tracks_resolved') }}
),

users as (
    select * from {{ ref('dim_users') }}
),

{% if is_incremental() %}
watermark as (
    select coalesce(max(loaded_at), '1970-01-01 00:00:00+00'::timestamptz) as loaded_at
    from {{ this }}
),

moved_tracks as (
    -- plays whose track now has another album or artist (enrichment merged albums, a later
    -- export renamed them)
    select distinct built.track_id
    from {{ this }} as built
    inner join tracks
        on built.track_id = tracks.track_id
    where
        built.album_id is distinct from tracks.album_id
        or built.artist_id is distinct from tracks.artist_id
),

moved_users as (
    select distinct built.user_id
    from {{ this }} as built
    inner join users
        on built.user_id = users.user_id
    where built.user_timezone != users.timezone
),

restreamed as (
    -- plays whose is_stream was computed with another min_stream_ms (`--vars`)
    select built.play_id
    from {{ this }} as built
    where built.is_stream is distinct from (built.ms_played >= {{ var('min_stream_ms') }})
),
{% endif %}

plays_to_build as (
    select *
    from plays
    {% if is_incremental() %}
        where
            loaded_at >= (select watermark.loaded_at from watermark)
            or source_format = 'account_data'
            or natural_track_id in (select moved_tracks.track_id from moved_tracks)
            or user_id in (select moved_users.user_id from moved_users)
            or play_id in (select restreamed.play_id from restreamed)
    {% endif %}
),

resolved as (
    -- (an equi-join only: a constant condition in the join would make it a nested loop)
    select
        plays_to_build.*,
        case
            when plays_to_build.source_format = 'account_data'
                then coalesce(account_resolution.track_id, plays_to_build.natural_track_id)
            else plays_to_build.natural_track_id
        end as track_id
    from plays_to_build
    left join account_resolution
        on plays_to_build.name_track_id = account_resolution.name_track_id
),

final as (
    select
        -- ids
        resolved.play_id,
        resolved.user_id,
        resolved.track_id,
        tracks.album_id,
        tracks.artist_id,

        -- strings
        resolved.reason_start,
        resolved.reason_end,
        resolved.platform,
        resolved.conn_country,
        resolved.source_format,
        users.timezone as user_timezone,

        -- numerics
        resolved.ms_played,

        -- booleans
        resolved.ms_played >= {{ var('min_stream_ms') }} as is_stream,
        resolved.is_skipped as skipped,
        resolved.is_shuffle as shuffle,
        resolved.is_incognito as incognito_mode,
        resolved.is_offline as offline,

        -- timestamps
        resolved.played_at,
        resolved.ended_at,
        {{ to_local_time('resolved.played_at', 'users.timezone') }} as played_at_local,
        cast({{ to_local_time('resolved.played_at', 'users.timezone') }} as date)
            as played_date_local,
        resolved.loaded_at
    from resolved
    inner join tracks
        on resolved.track_id = tracks.track_id
    inner join users
        on resolved.user_id = users.user_id
)

select * from final
