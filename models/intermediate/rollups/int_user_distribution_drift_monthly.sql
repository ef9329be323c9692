-- Jensen-Shannon divergence (log base 2, so in [0, 1]) between the genre (mood) distribution of a
-- user's month and of their previous month with a distribution, from the shifts:
--   JS(P, Q) = ½ Σ p·log2(p/m) + ½ Σ q·log2(q/m), m = (p + q) / 2; terms with p = 0 (q = 0) are 0.
-- Rounded to 9 decimals (and clamped to [0, 1] against floating-point noise), so that results do
-- not depend on the platform's math library. With the categories that rose and fell most, and
-- the coverage of both months.
with

shifts as (
    select * from {{ ref('int_user_distribution_shifts_monthly') }}
),

terms as (
    select
        *,
        case
            when share > 0 then share * log2(share / ((share + previous_share) / 2))
            else 0
        end as current_term,
        case
            when previous_share > 0
                then previous_share * log2(previous_share / ((share + previous_share) / 2))
            else 0
        end as previous_term
    from shifts
),

divergences as (
    select
        user_id,
        facet,
        month,
        any_value(previous_month) as previous_month,
        any_value(months_apart) as months_apart,
        any_value(coverage) as coverage,
        any_value(previous_coverage) as previous_coverage,
        bool_and(has_enough_coverage) as has_enough_coverage,
        sum(plays) as month_plays,
        sum(previous_plays) as previous_month_plays,
        0.5 * sum(current_term) + 0.5 * sum(previous_term) as js_divergence,
        max(category_id) filter (where rise_rank = 1 and share_change > 0)
            as top_rising_category_id,
        max(share_change) filter (where rise_rank = 1 and share_change > 0)
            as top_rising_share_change,
        max(category_id) filter (where fall_rank = 1 and share_change < 0)
            as top_falling_category_id,
        min(share_change) filter (where fall_rank = 1 and share_change < 0)
            as top_falling_share_change
    from terms
    group by user_id, facet, month
),

final as (
    select
        -- ids
        user_id,
        facet,
        cast(top_rising_category_id as varchar) as top_rising_category_id,
        cast(top_falling_category_id as varchar) as top_falling_category_id,

        -- numerics
        cast(round(least(greatest(js_divergence, 0), 1), 9) as double) as js_divergence,
        cast(top_rising_share_change as double) as top_rising_share_change,
        cast(top_falling_share_change as double) as top_falling_share_change,
        cast(month_plays as double) as month_plays,
        cast(previous_month_plays as double) as previous_month_plays,
        cast(months_apart as integer) as months_apart,
        coverage,
        previous_coverage,

        -- booleans
        has_enough_coverage,

        -- dates
        cast(month as date) as month,
        cast(previous_month as date) as previous_month
    from divergences
)

select * from final
