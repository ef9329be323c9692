{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['user_id', 'ended_date'],
        on_schema_change='fail',
    )
}}

-- Every music play (local files included) resolved to its track, album, artist and user, with
-- its local time: the one table of plays every listening model reads (fact_plays shows it).
-- Account-data plays join the URI-keyed track with the same artist and track name where one
-- exists, else their name-keyed track.
--
-- Incremental, by (user, UTC day ended) as int_plays_deduplicated: a run rebuilds the days
--   * with a play that is new or changed since the last run (`loaded_at`; late files with old
--     plays included, and account-data rows that an extended play now covers drop out),
--   * with a play of a track whose album or artist changed (enrichment merged albums into their
--     release, a later export renamed them),
--   * with an account-data play, when anything new arrived (they resolve to URI-keyed tracks by
--     name, and a new export can change that),
--   * of a user whose time zone changed (local times move), and
--   * with a play whose is_stream was built with another `min_stream_ms`.
-- A run with nothing new rebuilds nothing. `dbt build --full-refresh` rebuilds everything.
with

plays as (
    select * from {{ ref('int_plays_deduplicated') }}
    where content_type = 'track'
),

tracks as (
    select * from {{ ref('int_tracks_resolved') }}
),

account_resolution as (
    select * from {{ ref('int_account_tracks_resolved') }}
),

users as (
    select * from {{ ref('int_users_resolved') }}
),

{% if is_incremental() %}
watermark as (
    select coalesce(max(loaded_at), '1970-01-01 00:00:00+00'::timestamptz) as loaded_at
    from {{ this }}
),

built_tracks as (
    select distinct
        track_id,
        album_id,
        artist_id
    from {{ this }}
),

moved_tracks as (
    select built_tracks.track_id
    from built_tracks
    inner join tracks
        on built_tracks.track_id = tracks.track_id
    where
        built_tracks.album_id is distinct from tracks.album_id
        or built_tracks.artist_id is distinct from tracks.artist_id
),

built_users as (
    select distinct
        user_id,
        user_timezone
    from {{ this }}
),

moved_users as (
    select built_users.user_id
    from built_users
    inner join users
        on built_users.user_id = users.user_id
    where built_users.user_timezone != users.timezone
),

anything_new as (
    select count(*) > 0 as is_new
    from plays
    where loaded_at > (select watermark.loaded_at from watermark)
),

days_to_build as (
    select distinct
        user_id,
        ended_date
    from plays
    where
        loaded_at > (select watermark.loaded_at from watermark)
        or user_id in (select moved_users.user_id from moved_users)
        or (source_format = 'account_data' and (select anything_new.is_new from anything_new))
    union
    select distinct
        built.user_id,
        built.ended_date
    from {{ this }} as built
    where
        built.track_id in (select moved_tracks.track_id from moved_tracks)
        or built.is_stream is distinct from (built.ms_played >= {{ var('min_stream_ms') }})
),
{% endif %}

plays_to_build as (
    select plays.*
    from plays
    {%- if is_incremental() %}
    inner join days_to_build
        on
            plays.user_id = days_to_build.user_id
            and plays.ended_date = days_to_build.ended_date
    {%- endif %}
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
        -- an account-data play's own key is its name key; other plays' keys never match one
        on plays_to_build.natural_track_id = account_resolution.name_track_id
),

localized as (
    -- the local time is worked out once a play (an ICU conversion per row is not free)
    select
        resolved.*,
        tracks.album_id,
        tracks.artist_id,
        users.timezone as user_timezone,
        {{ to_local_time('resolved.played_at', 'users.timezone') }} as played_at_local
    from resolved
    inner join tracks
        on resolved.track_id = tracks.track_id
    inner join users
        on resolved.user_id = users.user_id
),

final as (
    select
        -- ids
        play_id,
        user_id,
        track_id,
        album_id,
        artist_id,

        -- strings
        reason_start,
        reason_end,
        platform,
        conn_country,
        source_format,
        user_timezone,

        -- numerics
        ms_played,

        -- booleans
        ms_played >= {{ var('min_stream_ms') }} as is_stream,
        is_skipped as skipped,
        is_shuffle as shuffle,
        is_incognito as incognito_mode,
        is_offline as offline,

        -- timestamps
        played_at,
        ended_at,
        played_at_local,
        loaded_at,

        -- dates
        cast(played_at_local as date) as played_date_local,
        ended_date
    from localized
)

select * from final
