{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['user_id', 'ended_date'],
        on_schema_change='fail',
    )
}}

-- Every play once, whatever exports carry it (CONTRACT "One play, once"), in one shape for both
-- export formats: music, podcast episodes, audiobook chapters and rows with neither.
--
--   * Within one export generation (layout: the file's set of exported keys) rows identical in
--     every field are one play (ingest lands them once) and rows that differ in any field are
--     distinct plays, however close.
--   * Across generations, rows of the same user, `ts`, `ms_played` and content (track, episode or
--     chapter URI; artist, album and track names for local files) are one play, whatever fields
--     the layouts add or drop. A group with n distinct rows in its fullest generation is n plays:
--     each generation's rows are numbered in the same order (fields every layout has, `skipped`
--     null read as false) and rows with the same number are one play, shown by its fullest row.
--   * An account-data row is the extended play of the same user with the same artist and track
--     (podcast: show and episode) names and `ms_played` that ended in the same minute as its
--     `endTime`; such rows disappear into the richer extended play, the others stay plays.
--
-- Every rule compares rows of one user that ended on one UTC day, so that day is the unit of an
-- incremental build: the (user, day) pairs with a row loaded since the last build are rebuilt
-- whole from every row landing has for them, whatever order the exports were loaded in; a
-- re-load adds no row and rebuilds nothing. `loaded_at` of a play is the latest load of any row
-- merged into its group, so models downstream see every play a new row changed as new.
with

extended as (
    select * from {{ ref('stg_landing__streaming_history') }}
),

account as (
    select * from {{ ref('stg_landing__account_history') }}
),

{% if is_incremental() %}
watermark as (
    select coalesce(max(loaded_at), '1970-01-01 00:00:00+00'::timestamptz) as loaded_at
    from {{ this }}
),

days_to_build as (
    select distinct
        username,
        ended_date
    from extended
    where loaded_at > (select watermark.loaded_at from watermark)
    union
    select distinct
        username,
        ended_date
    from account
    where loaded_at > (select watermark.loaded_at from watermark)
),
{% endif %}

extended_rows as (
    select
        extended.*,
        case
            when extended.track_name is not null then 'track'
            when extended.audiobook_chapter_uri is not null or extended.audiobook_uri is not null
                then 'audiobook_chapter'
            when extended.spotify_episode_uri is not null then 'podcast_episode'
            else 'unknown'
        end as content_type,
        -- what was played: a URI where the export has one, else (local files) the names
        case
            when extended.track_name is not null and extended.spotify_track_uri is not null
                then 'uri|' || extended.spotify_track_uri
            when extended.track_name is not null
                then
                    'names|' || {{ name_pair_key('extended.artist_name', 'extended.track_name') }}
                    || '|' || coalesce({{ name_key('extended.album_name') }}, '')
            when extended.audiobook_chapter_uri is not null or extended.audiobook_uri is not null
                then 'uri|' || coalesce(extended.audiobook_chapter_uri, extended.audiobook_uri)
            when extended.spotify_episode_uri is not null then 'uri|' || extended.spotify_episode_uri
            else 'none'
        end as content_key
    from extended
    {%- if is_incremental() %}
    inner join days_to_build
        on
            extended.username = days_to_build.username
            and extended.ended_date = days_to_build.ended_date
    {%- endif %}
),

extended_grouped as (
    -- how many rows each (user, ts, ms_played, content) has: almost every play has one row,
    -- and needs no numbering (a hash of the four finds the groups cheaply; the numbering below
    -- compares the columns themselves, so a hash collision only costs a little time)
    select
        *,
        hash(username, ended_at, ms_played, content_key) as group_hash
    from extended_rows
),

group_sizes as (
    select
        group_hash,
        count(*) as group_rows,
        max(loaded_at) as group_loaded_at
    from extended_grouped
    group by group_hash
),

single_rows as (
    select
        extended_grouped.*,
        1 as occurrence,
        1 as merged_rows,
        group_sizes.group_loaded_at
    from extended_grouped
    inner join group_sizes
        on extended_grouped.group_hash = group_sizes.group_hash
    where group_sizes.group_rows = 1
),

grouped_rows as (
    select
        extended_grouped.*,
        group_sizes.group_loaded_at
    from extended_grouped
    inner join group_sizes
        on extended_grouped.group_hash = group_sizes.group_hash
    where group_sizes.group_rows > 1
),

grouped_numbered as (
    -- each generation's rows of one (user, ts, ms_played, content) numbered in one order
    select
        *,
        row_number() over (
            partition by username, ended_at, ms_played, content_key, export_layout
            order by
                coalesce(reason_start, ''),
                coalesce(reason_end, ''),
                coalesce(is_shuffle, false),
                coalesce(is_skipped, false),
                coalesce(is_offline, false),
                coalesce(is_incognito, false),
                play_key
        ) as occurrence,
        -- the fullest row shows the play: a known `skipped`, then the most fields present
        (is_skipped is not null)::integer * 100
        + (platform is not null)::integer + (conn_country is not null)::integer
        + (reason_start is not null)::integer + (reason_end is not null)::integer
        + (is_shuffle is not null)::integer + (is_offline is not null)::integer
        + (is_incognito is not null)::integer + (album_name is not null)::integer
            as fullness
    from grouped_rows
),

grouped_plays as (
    select
        * exclude (fullness),
        count(*) over (partition by username, ended_at, ms_played, content_key, occurrence)
            as merged_rows
    from grouped_numbered
    qualify row_number() over (
        partition by username, ended_at, ms_played, content_key, occurrence
        order by fullness desc, export_layout desc, play_key asc
    ) = 1
),

extended_plays as (
    select * from single_rows
    union all by name
    select * from grouped_plays
),

account_rows as (
    select
        account.*,
        case
            when account.podcast_name is not null then 'podcast_episode'
            when account.track_name is not null then 'track'
            else 'unknown'
        end as content_type
    from account
    {%- if is_incremental() %}
    inner join days_to_build
        on
            account.username = days_to_build.username
            and account.ended_date = days_to_build.ended_date
    {%- endif %}
),

account_days as (
    select distinct
        username,
        ended_date
    from account_rows
),

extended_minutes as (
    -- what an account-data row can be: the extended plays of each user, names, length and minute
    -- (of the days with account data only)
    select
        extended_plays.username,
        extended_plays.content_type,
        coalesce(extended_plays.artist_name, extended_plays.show_name) as collection_name,
        coalesce(extended_plays.track_name, extended_plays.episode_name) as item_name,
        extended_plays.ms_played,
        date_trunc('minute', timezone('UTC', extended_plays.ended_at)) as ended_minute
    from extended_plays
    inner join account_days
        on
            extended_plays.username = account_days.username
            and extended_plays.ended_date = account_days.ended_date
    where extended_plays.content_type in ('track', 'podcast_episode')
    group by all
),

account_plays as (
    select account_rows.*
    from account_rows
    left join extended_minutes
        on
            account_rows.username = extended_minutes.username
            and account_rows.content_type = extended_minutes.content_type
            and coalesce(account_rows.podcast_name, account_rows.artist_name)
            = extended_minutes.collection_name
            and coalesce(account_rows.episode_name, account_rows.track_name)
            = extended_minutes.item_name
            and account_rows.ms_played = extended_minutes.ms_played
            and timezone('UTC', account_rows.ended_at) = extended_minutes.ended_minute
    where extended_minutes.username is null
),

unioned as (
    select
        {{ extended_play_id('username', 'ended_at', 'ms_played', 'content_key', 'occurrence') }}
            as play_id,
        username,
        'extended' as source_format,
        export_layout,
        content_type,
        spotify_track_uri,
        coalesce(audiobook_chapter_uri, audiobook_uri, spotify_episode_uri) as content_uri,
        track_name,
        artist_name,
        album_name,
        coalesce(audiobook_title, show_name) as collection_name,
        coalesce(audiobook_chapter_title, episode_name) as item_name,
        platform,
        conn_country,
        reason_start,
        reason_end,
        ms_played,
        merged_rows,
        is_shuffle,
        is_skipped,
        is_offline,
        is_incognito,
        played_at,
        ended_at,
        group_loaded_at as loaded_at,
        ended_date
    from extended_plays
    union all
    select
        -- one generation: rows identical in every field are one play (ingest keeps one)
        play_key as play_id,
        username,
        'account_data' as source_format,
        'account_data' as export_layout,
        content_type,
        null::varchar as spotify_track_uri,
        null::varchar as content_uri,
        case when podcast_name is null then track_name end as track_name,
        case when podcast_name is null then artist_name end as artist_name,
        null::varchar as album_name,
        podcast_name as collection_name,
        episode_name as item_name,
        null::varchar as platform,
        null::varchar as conn_country,
        null::varchar as reason_start,
        null::varchar as reason_end,
        ms_played,
        1 as merged_rows,
        null::boolean as is_shuffle,
        null::boolean as is_skipped,
        null::boolean as is_offline,
        null::boolean as is_incognito,
        played_at,
        ended_at,
        loaded_at,
        ended_date
    from account_plays
),

final as (
    select
        -- ids
        play_id,
        {{ user_id('username') }} as user_id,
        -- the track key the play itself implies (URI, else artist and name; for account data that
        -- is the name key its resolution to a URI-keyed track starts from). Keys of artists and
        -- albums are per track, not per play: int_tracks_from_plays works them out once a track.
        case
            when content_type = 'track'
                then {{ track_id('spotify_track_uri', 'artist_name', 'track_name') }}
        end as natural_track_id,
        spotify_track_uri,
        content_uri,

        -- strings
        username,
        source_format,
        export_layout,
        content_type,
        track_name,
        artist_name,
        album_name,
        collection_name,
        item_name,
        platform,
        conn_country,
        reason_start,
        reason_end,

        -- numerics
        ms_played,
        merged_rows::integer as merged_rows,

        -- booleans
        is_shuffle,
        is_skipped,
        is_offline,
        is_incognito,

        -- timestamps
        played_at,
        ended_at,
        loaded_at,

        -- dates
        ended_date
    from unioned
)

select * from final
