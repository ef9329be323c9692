-- One row per podcast-episode or audiobook-chapter play: kept out of fact_plays (not music), but
-- not dropped. Account-data podcast files carry only show and episode names.
with

plays as (
    select * from {{ ref('int_plays_deduplicated') }}
    where content_type in ('podcast_episode', 'audiobook_chapter')
),

users as (
    select * from {{ ref('int_users_resolved') }}
),

final as (
    select
        -- ids
        plays.play_id,
        plays.user_id,
        plays.content_uri,

        -- strings
        plays.content_type,
        plays.collection_name,
        plays.item_name,

        -- numerics
        plays.ms_played,

        -- timestamps
        plays.played_at,
        plays.ended_at,
        {{ to_local_time('plays.played_at', 'users.timezone') }} as played_at_local
    from plays
    inner join users
        on plays.user_id = users.user_id
)

select * from final
