-- Moods on Russell's circumplex (seed `moods`): valence (unpleasant -1 .. pleasant +1) and
-- arousal (calm -1 .. excited +1), with the quadrant each falls in.
with

moods as (
    select * from {{ ref('moods') }}
),

final as (
    select
        -- ids
        mood_id,

        -- strings
        mood_name,
        description,
        case
            when valence >= 0 and arousal >= 0 then 'positive, energetic'
            when valence >= 0 then 'positive, calm'
            when arousal >= 0 then 'negative, energetic'
            else 'negative, calm'
        end as quadrant,

        -- numerics
        cast(valence as double) as valence,
        cast(arousal as double) as arousal
    from moods
)

select * from final
