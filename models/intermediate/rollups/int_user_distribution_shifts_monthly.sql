-- How much each genre's and mood's share of a user's month rose or fell against the user's
-- previous month with a distribution of that facet: one row per user, facet, month and category
-- present in either month, both shares (0 where absent) and the change, ranked both ways, with
-- the coverage of both months.
with

monthly as (
    select * from {{ ref('int_user_distributions_monthly') }}
),

coverage as (
    select * from {{ ref('int_user_coverage_monthly') }}
),

user_months as (
    select distinct
        user_id,
        facet,
        month
    from monthly
),

month_pairs as (
    select
        user_id,
        facet,
        month,
        lag(month) over (partition by user_id, facet order by month) as previous_month
    from user_months
),

current_shares as (
    select
        month_pairs.user_id,
        month_pairs.facet,
        month_pairs.month,
        month_pairs.previous_month,
        monthly.category_id,
        monthly.plays,
        monthly.share
    from month_pairs
    inner join monthly
        on
            month_pairs.user_id = monthly.user_id
            and month_pairs.facet = monthly.facet
            and month_pairs.month = monthly.month
    where month_pairs.previous_month is not null
),

previous_shares as (
    select
        month_pairs.user_id,
        month_pairs.facet,
        month_pairs.month,
        month_pairs.previous_month,
        monthly.category_id,
        monthly.plays,
        monthly.share
    from month_pairs
    inner join monthly
        on
            month_pairs.user_id = monthly.user_id
            and month_pairs.facet = monthly.facet
            and month_pairs.previous_month = monthly.month
),

paired as (
    select
        coalesce(current_shares.user_id, previous_shares.user_id) as user_id,
        coalesce(current_shares.facet, previous_shares.facet) as facet,
        coalesce(current_shares.category_id, previous_shares.category_id) as category_id,
        coalesce(current_shares.plays, 0) as plays,
        coalesce(previous_shares.plays, 0) as previous_plays,
        coalesce(current_shares.share, 0) as share,
        coalesce(previous_shares.share, 0) as previous_share,
        coalesce(current_shares.month, previous_shares.month) as month,
        coalesce(current_shares.previous_month, previous_shares.previous_month) as previous_month
    from current_shares
    full outer join previous_shares
        on
            current_shares.user_id = previous_shares.user_id
            and current_shares.facet = previous_shares.facet
            and current_shares.month = previous_shares.month
            and current_shares.category_id = previous_shares.category_id
),

final as (
    select
        -- ids
        paired.user_id,
        paired.facet,
        cast(paired.category_id as varchar) as category_id,

        -- numerics
        cast(paired.plays as double) as plays,
        cast(paired.previous_plays as double) as previous_plays,
        cast(paired.share as double) as share,
        cast(paired.previous_share as double) as previous_share,
        cast(paired.share - paired.previous_share as double) as share_change,
        cast(row_number() over (
            partition by paired.user_id, paired.facet, paired.month
            order by paired.share - paired.previous_share desc, paired.category_id
        ) as integer) as rise_rank,
        cast(row_number() over (
            partition by paired.user_id, paired.facet, paired.month
            order by paired.share - paired.previous_share asc, paired.category_id
        ) as integer) as fall_rank,
        cast(datediff('month', paired.previous_month, paired.month) as integer) as months_apart,
        current_coverage.coverage,
        previous_coverage.coverage as previous_coverage,

        -- booleans
        coalesce(
            current_coverage.has_enough_coverage and previous_coverage.has_enough_coverage, false
        ) as has_enough_coverage,

        -- dates
        cast(paired.month as date) as month,
        cast(paired.previous_month as date) as previous_month
    from paired
    left join coverage as current_coverage
        on
            paired.user_id = current_coverage.user_id
            and paired.facet = current_coverage.facet
            and paired.month = current_coverage.month
    left join coverage as previous_coverage
        on
            paired.user_id = previous_coverage.user_id
            and paired.facet = previous_coverage.facet
            and paired.previous_month = previous_coverage.month
)

select * from final
