-- Which artists a track is credited to. Exports name one (the first) artist per track, so every
-- track has position 1.
with

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

final as (
    select
        track_id,
        artist_id,
        1 as artist_position
    from tracks
    where artist_id is not null
)

select * from final
