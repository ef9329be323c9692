-- Each user's month as one point of the valence-arousal plane: the mean of the moods' valence
-- and arousal weighted by the month's mood plays (agg_user_mood_monthly).
with

mood_monthly as (
    select * from {{ ref('agg_user_mood_monthly') }}
),

dim_moods as (
    select * from {{ ref('dim_moods') }}
),

final as (
    select
        -- ids
        mood_monthly.user_id,

        -- numerics
        cast(sum(mood_monthly.plays * dim_moods.valence) / sum(mood_monthly.plays) as double)
            as valence,
        cast(sum(mood_monthly.plays * dim_moods.arousal) / sum(mood_monthly.plays) as double)
            as arousal,
        cast(sum(mood_monthly.plays) as double) as mood_plays,

        -- dates
        mood_monthly.month
    from mood_monthly
    inner join dim_moods
        on mood_monthly.mood_id = dim_moods.mood_id
    group by mood_monthly.user_id, mood_monthly.month
)

select * from final
