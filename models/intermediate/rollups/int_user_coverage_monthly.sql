-- Per user, local month and facet: how many streams have a distribution of that facet, i.e. what
-- the month's genre or mood figures stand on, and whether that is enough to rank anything
-- (`coverage` >= dbt var `min_coverage_to_rank`).
with

user_days as (
    select * from {{ ref('int_user_days_fingerprinted') }}
),

user_months as (
    select
        user_id,
        facet,
        month,
        sum(stream_count) as stream_count,
        sum(streams_with_distribution) as streams_with_distribution
    from user_days
    group by user_id, facet, month
),

final as (
    select
        -- ids
        user_id,
        facet,

        -- numerics
        cast(stream_count as bigint) as stream_count,
        cast(streams_with_distribution as bigint) as streams_with_distribution,
        cast(streams_with_distribution / stream_count as double) as coverage,

        -- booleans
        streams_with_distribution / stream_count >= {{ var('min_coverage_to_rank') }}
            as has_enough_coverage,

        -- dates
        month
    from user_months
)

select * from final
