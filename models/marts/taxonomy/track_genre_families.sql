{{ config(materialized='view') }}

-- Per-track distribution over top-level genre families: the scores of a track's genres summed
-- by their top-level family (int_track_family_distributions, facet genre). Sums to 1 per track.
with

families as (
    select * from {{ ref('int_track_family_distributions') }}
    where facet = 'genre'
),

final as (
    select
        -- ids
        track_id,
        top_level_category_id as top_level_genre_id,

        -- numerics
        score,
        evidence_weight,
        n_categories as n_genres,

        -- strings
        method_version
    from families
)

select * from final
