-- Each user's month as one point of the valence-arousal plane: the mean of the moods' valence
-- and arousal weighted by the month's mood plays (the monthly mood rollup), with the coverage it
-- stands on and whether that is enough to place the point.
with

monthly as (
    select * from {{ ref('int_user_distributions_monthly') }}
    where facet = 'mood'
),

moods as (
    select * from {{ ref('int_taxonomy_categories') }}
    where facet = 'mood'
),

coverage as (
    select * from {{ ref('int_user_coverage_monthly') }}
    where facet = 'mood'
),

points as (
    select
        monthly.user_id,
        monthly.month,
        sum(monthly.plays * moods.valence) / sum(monthly.plays) as valence,
        sum(monthly.plays * moods.arousal) / sum(monthly.plays) as arousal,
        sum(monthly.plays) as mood_plays
    from monthly
    inner join moods
        on monthly.category_id = moods.category_id
    group by monthly.user_id, monthly.month
),

final as (
    select
        -- ids
        points.user_id,

        -- numerics
        cast(points.valence as double) as valence,
        cast(points.arousal as double) as arousal,
        cast(points.mood_plays as double) as mood_plays,
        coverage.coverage,

        -- booleans
        coalesce(coverage.has_enough_coverage, false) as has_enough_coverage,

        -- dates
        points.month
    from points
    left join coverage
        on
            points.user_id = coverage.user_id
            and points.month = coverage.month
)

select * from final
