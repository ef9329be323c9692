-- The 3 albums with the highest median streams per track of each user and local year (every
-- track of the album counted, 0 for tracks not streamed), with how complete the listening was.
with

users as (
    select * from {{ ref('dim_users') }}
),

albums as (
    select * from {{ ref('dim_albums') }}
),

completion as (
    select * from {{ ref('agg_user_album_completion') }}
)

select
    users.username,
    completion.year,
    albums.album_name,
    albums.album_artist_name,
    completion.median_plays_per_track,
    completion.tracks_played,
    completion.album_track_count,
    round(completion.completion_share, 2) as completion_share,
    completion.plays
from completion
inner join users
    on completion.user_id = users.user_id
inner join albums
    on completion.album_id = albums.album_id
qualify row_number() over (
    partition by completion.user_id, completion.year
    order by completion.median_plays_per_track desc, completion.plays desc, albums.album_name
) <= 3
order by users.username, completion.year desc, completion.median_plays_per_track desc
