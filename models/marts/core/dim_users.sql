-- One row per user seen in any export (or given a time zone), with the time zone their local
-- times are computed in.
with

users as (
    select * from {{ ref('int_users_resolved') }}
),

final as (
    select
        user_id,
        username,
        timezone,
        timezone_set_at
    from users
)

select * from final
