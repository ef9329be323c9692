-- How much of each album a user played in a local-time year: int_user_album_years with the
-- share of the album's tracks played.
with

album_yearly as (
    select * from {{ ref('int_user_album_years') }}
),

dim_albums as (
    select * from {{ ref('dim_albums') }}
),

final as (
    select
        -- ids
        album_yearly.user_id,
        album_yearly.album_id,

        -- strings
        dim_albums.album_name,

        -- numerics
        cast(album_yearly.year as integer) as year,
        cast(album_yearly.album_track_count as bigint) as album_track_count,
        cast(album_yearly.tracks_played as bigint) as tracks_played,
        cast(
            album_yearly.tracks_played / nullif(album_yearly.album_track_count, 0) as double
        ) as completion_share,
        cast(album_yearly.plays as bigint) as plays,
        cast(album_yearly.median_plays_per_track as double) as median_plays_per_track,

        -- booleans
        coalesce(
            album_yearly.album_track_count > 0
            and album_yearly.tracks_played >= album_yearly.album_track_count,
            false
        ) as is_complete
    from album_yearly
    left join dim_albums
        on album_yearly.album_id = dim_albums.album_id
)

select * from final
