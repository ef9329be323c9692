-- One row per artist named in the plays (the export's first artist of each track), with the
-- MusicBrainz artist enrichment linked to most of its tracks.
with

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

musicbrainz_ids as (
    select * from {{ ref('int_artist_musicbrainz_ids') }}
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
        artists.artist_id,
        artists.artist_name,
        musicbrainz_ids.musicbrainz_artist_id
    from artists
    left join musicbrainz_ids
        on artists.artist_id = musicbrainz_ids.artist_id
)

select * from final
