-- One row per user seen in any export, with the time zone their local times are computed in.
with

extended as (
    select * from {{ ref('stg_landing__streaming_history') }}
),

account as (
    select * from {{ ref('stg_landing__account_history') }}
),

settings as (
    select * from {{ ref('stg_landing__user_settings') }}
),

users_seen as (
    select username from extended
    union
    select username from account
    union
    select username from settings
),

final as (
    select
        {{ user_id('users_seen.username') }} as user_id,
        users_seen.username,
        coalesce(settings.timezone, 'UTC') as timezone,
        settings.timezone_set_at
    from users_seen
    left join settings
        on users_seen.username = settings.username
)

select * from final
