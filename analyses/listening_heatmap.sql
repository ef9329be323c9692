-- Listening heatmap: one row per user and local hour, one column per weekday (streams started
-- in that cell), ready for a chart or a terminal table.
with

users as (
    select * from {{ ref('dim_users') }}
),

heatmap as (
    select * from {{ ref('agg_user_listening_heatmap') }}
)

select
    users.username,
    heatmap.hour_of_day,
    sum(heatmap.stream_count) filter (where heatmap.iso_weekday = 1) as mon,
    sum(heatmap.stream_count) filter (where heatmap.iso_weekday = 2) as tue,
    sum(heatmap.stream_count) filter (where heatmap.iso_weekday = 3) as wed,
    sum(heatmap.stream_count) filter (where heatmap.iso_weekday = 4) as thu,
    sum(heatmap.stream_count) filter (where heatmap.iso_weekday = 5) as fri,
    sum(heatmap.stream_count) filter (where heatmap.iso_weekday = 6) as sat,
    sum(heatmap.stream_count) filter (where heatmap.iso_weekday = 7) as sun
from heatmap
inner join users
    on heatmap.user_id = users.user_id
group by users.username, heatmap.hour_of_day
order by users.username, heatmap.hour_of_day
