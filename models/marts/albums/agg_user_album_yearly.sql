{{ config(materialized='view') }}

-- Per user, local-time year and album with at least one stream: how the album was listened to,
-- counting every track of the album, played or not (int_user_album_years, where the album's
-- tracks and the median are worked out).
with

album_years as (
    select * from {{ ref('int_user_album_years') }}
),

final as (
    select
        user_id,
        year,
        album_id,
        album_track_count,
        tracks_played,
        plays,
        median_plays_per_track
    from album_years
)

select * from final
