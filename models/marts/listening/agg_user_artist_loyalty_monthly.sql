-- Per user and local month with a stream: how loyal the month was to the user's established
-- artists. A user's top 20 as of a month are the 20 artists with the most streams in the 12
-- months ending with it (ties broken by artist_id). The month's loyalty share is the share of its
-- streams going to the top 20 as of the previous month; entered and left compare the top 20 as
-- of this month with the one as of the previous month.
with

artist_months as (
    select * from {{ ref('int_user_artist_months') }}
),

-- A month's streams count towards the 12-month windows ending in it and in the 11 months after.
window_streams as (
    select
        artist_months.user_id,
        cast(artist_months.month + to_months(window_offsets.months_after) as date)
            as window_end_month,
        artist_months.artist_id,
        sum(artist_months.streams) as streams
    from artist_months
    cross join range(0, 12) as window_offsets (months_after)
    group by all
),

top_artists as (
    select
        user_id,
        window_end_month,
        artist_id
    from window_streams
    qualify row_number() over (
        partition by user_id, window_end_month
        order by streams desc, artist_id asc
    ) <= 20
),

month_artists as (
    select
        artist_months.user_id,
        artist_months.month,
        artist_months.streams,
        previous_top.artist_id is not null as was_top
    from artist_months
    left join top_artists as previous_top
        on
            artist_months.user_id = previous_top.user_id
            and artist_months.artist_id = previous_top.artist_id
            and artist_months.month = cast(previous_top.window_end_month + interval 1 month as date)
),

loyalty as (
    select
        user_id,
        month,
        sum(streams) as streams,
        coalesce(sum(streams) filter (where was_top), 0) as top_artist_streams
    from month_artists
    group by user_id, month
),

-- The top 20 as of each month next to the top 20 as of the month before.
compared as (
    select
        coalesce(current_top.user_id, previous_top.user_id) as user_id,
        coalesce(
            current_top.window_end_month,
            cast(previous_top.window_end_month + interval 1 month as date)
        ) as month,
        current_top.artist_id as current_artist_id,
        previous_top.artist_id as previous_artist_id
    from top_artists as current_top
    full outer join top_artists as previous_top
        on
            current_top.user_id = previous_top.user_id
            and current_top.artist_id = previous_top.artist_id
            and current_top.window_end_month
            = cast(previous_top.window_end_month + interval 1 month as date)
),

top_changes as (
    select
        user_id,
        month,
        count(*) filter (where previous_artist_id is null) as entered,
        count(*) filter (where current_artist_id is null) as departed,
        count(previous_artist_id) as previous_top_artists
    from compared
    group by user_id, month
),

final as (
    select
        -- ids
        loyalty.user_id,

        -- numerics
        cast(loyalty.streams as bigint) as streams,
        cast(loyalty.top_artist_streams as bigint) as top_artist_streams,
        cast(
            case
                when top_changes.previous_top_artists > 0
                    then loyalty.top_artist_streams / loyalty.streams
            end as double
        ) as loyalty_share,
        cast(coalesce(top_changes.previous_top_artists, 0) as integer) as previous_top_artists,
        cast(coalesce(top_changes.entered, 0) as integer) as top_artists_entered,
        cast(coalesce(top_changes.departed, 0) as integer) as top_artists_left,

        -- dates
        loyalty.month
    from loyalty
    left join top_changes
        on
            loyalty.user_id = top_changes.user_id
            and loyalty.month = top_changes.month
)

select * from final
