-- One row per streak: a run of consecutive local days on each of which the user streamed at
-- least once. Rebuilt on every run from the day fingerprints (one row per user and day, no play
-- is read), which costs next to nothing.
with

days as (
    select * from {{ ref('int_listening_days_fingerprinted') }}
),

stream_days as (
    select
        user_id,
        day,
        -- consecutive days share this anchor (day minus its rank): gaps and islands
        day - cast(row_number() over (partition by user_id order by day) as integer) as anchor
    from days
    where stream_count > 0
),

final as (
    select
        -- ids
        user_id,

        -- numerics
        cast(count(*) as integer) as days,

        -- dates
        min(day) as streak_start,
        max(day) as streak_end
    from stream_days
    group by user_id, anchor
)

select * from final
