{{ config(materialized='view') }}

-- Every streak of every user (contract): a run of consecutive local days each with at least one
-- stream, from its first to its last day.
with

streaks as (
    select * from {{ ref('int_listening_streaks') }}
),

final as (
    select
        -- ids
        user_id,

        -- numerics
        days,

        -- dates
        streak_start,
        streak_end
    from streaks
)

select * from final
