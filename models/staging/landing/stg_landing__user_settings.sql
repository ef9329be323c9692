-- One row per user: the time zone given last with `ingest --timezone` (UTC until one is given).
with

source as (
    select * from {{ source('landing', 'user_settings') }}
),

latest as (
    select
        username,
        timezone,
        set_at as timezone_set_at
    from source
    qualify row_number() over (partition by username order by set_at desc, timezone asc) = 1
)

select * from latest
