-- One row per podcast-episode or audiobook-chapter play: kept out of fact_plays (not music), but
-- not dropped. Account-data podcast files carry only show and episode names.
with

extended as (
    select * from {{ ref('stg_landing__streaming_history') }}
),

account as (
    select * from {{ ref('stg_landing__account_history') }}
),

users as (
    select * from {{ ref('dim_users') }}
),

extended_episodes as (
    select
        play_id,
        username,
        case
            when audiobook_chapter_uri is not null or audiobook_uri is not null
                then 'audiobook_chapter'
            else 'podcast_episode'
        end as content_type,
        coalesce(audiobook_chapter_uri, spotify_episode_uri) as content_uri,
        coalesce(audiobook_title, show_name) as collection_name,
        coalesce(audiobook_chapter_title, episode_name) as item_name,
        ms_played,
        played_at,
        ended_at
    from extended
    where
        track_name is null
        and (
            spotify_episode_uri is not null
            or audiobook_chapter_uri is not null
            or audiobook_uri is not null
        )
),

account_episodes as (
    select
        play_id,
        username,
        'podcast_episode' as content_type,
        null::varchar as content_uri,
        podcast_name as collection_name,
        episode_name as item_name,
        ms_played,
        played_at,
        ended_at
    from account
    where podcast_name is not null
),

unioned as (
    select * from extended_episodes
    union all
    select * from account_episodes
),

final as (
    select
        -- ids
        unioned.play_id,
        users.user_id,
        unioned.content_uri,

        -- strings
        unioned.content_type,
        unioned.collection_name,
        unioned.item_name,

        -- numerics
        unioned.ms_played,

        -- timestamps
        unioned.played_at,
        unioned.ended_at,
        {{ to_local_time('unioned.played_at', 'users.timezone') }} as played_at_local
    from unioned
    inner join users
        on unioned.username = users.username
)

select * from final
