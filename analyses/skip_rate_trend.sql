-- Skip rate and discovery per user and local month, with a 3-month moving average of the skip
-- rate (weighted by plays) to see the trend through noisy months. Months of endsong-era
-- exports count `fwdbtn` as a skip where `skipped` is null; account-data months have no skip
-- information at all (reason_end_unknown = plays) and are left out.
with

users as (
    select * from {{ ref('dim_users') }}
),

monthly as (
    select * from {{ ref('agg_user_listening_monthly') }}
    where reason_end_unknown < plays
)

select
    users.username,
    monthly.month,
    monthly.plays,
    round(monthly.skip_rate, 3) as skip_rate,
    round(
        sum(monthly.skips) over trailing_months / sum(monthly.plays) over trailing_months, 3
    ) as skip_rate_3_months,
    round(monthly.discovery_rate, 3) as discovery_rate,
    round(monthly.repeat_rate, 3) as repeat_rate
from monthly
inner join users
    on monthly.user_id = users.user_id
window trailing_months as (
    partition by monthly.user_id
    order by monthly.month
    rows between 2 preceding and current row
)
order by users.username, monthly.month
