-- Latest identity resolution per export album (artist, album name as the plays name it).
with

source as (
    select * from {{ source('landing', 'album_matches') }}
),

keyed as (
    select
        -- ids
        {{ album_id('artist_name', 'album_name') }} as album_id,
        musicbrainz_release_id,
        musicbrainz_release_group_id,

        -- strings
        artist_name,
        album_name,
        release_title,
        release_artist_name,
        match_method,

        -- numerics
        match_confidence,

        -- json
        candidates,

        -- timestamps
        fetched_at
    from source
),

latest as (
    select *
    from keyed
    qualify row_number() over (partition by album_id order by fetched_at desc) = 1
)

select * from latest
