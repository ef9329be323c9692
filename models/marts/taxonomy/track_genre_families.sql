-- Per-track distribution over top-level genre families: the scores of a track's genres summed
-- by their top-level family (dim_genres.top_level_genre_id). Sums to 1 per track.
with

track_genres as (
    select * from {{ ref('track_genres') }}
),

genres as (
    select * from {{ ref('dim_genres') }}
),

final as (
    select
        -- ids
        track_genres.track_id,
        genres.top_level_genre_id,

        -- numerics
        sum(track_genres.score) as score,
        sum(track_genres.evidence_weight) as evidence_weight,
        cast(count(*) as integer) as n_genres,

        -- strings
        any_value(track_genres.method_version) as method_version
    from track_genres
    inner join genres on track_genres.genre_id = genres.genre_id
    group by track_genres.track_id, genres.top_level_genre_id
)

select * from final
