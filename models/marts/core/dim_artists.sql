-- One row per artist named in the plays (the export's first artist of each track).
with

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

artists as (
    select
        artist_id,
        artist_name
    from tracks
    where artist_id is not null
    qualify row_number() over (
        partition by artist_id order by last_played_at desc, artist_name asc
    ) = 1
),

final as (
    select
        artist_id,
        artist_name,
        null::varchar as musicbrainz_artist_id
    from artists
)

select * from final
