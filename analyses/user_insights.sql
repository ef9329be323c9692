-- Every user's insights in words, in page order, with the numbers behind each sentence and the
-- period it speaks about. Compile with:
--   dbt compile --select user_insights --vars '{username: alice}'
-- Without the var `username` every user is listed. A kind is missing for a user when its data
-- falls short of the threshold the rpt_user_insights docs list (e.g. a month needs 10 streams,
-- genre and mood sentences need enough classified listening); `coverage` is the share of the
-- streams a genre or mood sentence stands on.
{%- set username = var('username', none) %}
with

users as (
    select * from {{ ref('dim_users') }}
),

insights as (
    select * from {{ ref('rpt_user_insights') }}
)

select
    users.username,
    insights.rank,
    insights.kind,
    insights.sentence,
    insights.value,
    insights.unit,
    insights.detail,
    round(insights.coverage, 2) as coverage,
    insights.period_start,
    insights.period_end
from insights
inner join users
    on insights.user_id = users.user_id
{%- if username %}
where users.username = '{{ username }}'
{%- endif %}
order by users.username, insights.rank
