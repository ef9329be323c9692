{{ config(materialized='view') }}

-- How a normalised tag reads as moods (seed `map_mood_tags`). `source` is a source name
-- or `*`; a `*` row applies to every source that has no row of its own for that tag.
with

mappings as (
    select * from {{ ref('int_tag_mappings') }}
    where facet = 'mood'
),

final as (
    select
        -- ids
        source,
        tag_normalized,
        category_id as mood_id,

        -- strings
        tag_example,
        mapping_rule,

        -- numerics
        confidence
    from mappings
)

select * from final
