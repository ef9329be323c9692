{{ config(materialized='view') }}

-- Moods on Russell's circumplex (seed `moods`): valence (unpleasant -1 .. pleasant +1) and
-- arousal (calm -1 .. excited +1), with the quadrant each falls in.
with

categories as (
    select * from {{ ref('int_taxonomy_categories') }}
    where facet = 'mood'
),

final as (
    select
        -- ids
        category_id as mood_id,

        -- strings
        category_name as mood_name,
        description,
        quadrant,

        -- numerics
        valence,
        arousal
    from categories
)

select * from final
