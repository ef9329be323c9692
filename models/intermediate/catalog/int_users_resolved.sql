-- One row per user seen in any play (or given a time zone with `ingest --timezone` or
-- `user set`), with the time zone their local times are computed in (UTC until one is given).
with

plays as (
    select * from {{ ref('int_plays_deduplicated') }}
),

settings as (
    select * from {{ ref('stg_landing__user_settings') }}
),

users_seen as (
    select distinct username from plays
    union
    select username from settings
),

final as (
    select
        -- ids
        {{ user_id('users_seen.username') }} as user_id,

        -- strings
        users_seen.username,
        coalesce(settings.timezone, 'UTC') as timezone,

        -- timestamps
        settings.timezone_set_at
    from users_seen
    left join settings
        on users_seen.username = settings.username
)

select * from final
