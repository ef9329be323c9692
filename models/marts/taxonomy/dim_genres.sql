{{ config(materialized='view') }}

-- The canonical genre tree (seed `genres`), with each genre's path from its top-level family.
with

categories as (
    select * from {{ ref('int_taxonomy_categories') }}
    where facet = 'genre'
),

final as (
    select
        -- ids
        category_id as genre_id,
        parent_category_id as parent_genre_id,
        top_level_category_id as top_level_genre_id,

        -- strings
        category_name as genre_name,
        top_level_category_name as top_level_genre_name,
        category_path as genre_path,
        origin,

        -- numerics
        category_depth as genre_depth,
        n_children,

        -- booleans
        is_top_level
    from categories
)

select * from final
