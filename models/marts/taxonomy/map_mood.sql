-- How a normalised tag reads as moods (seed `map_mood_tags`). `source` is a source name
-- or `*`; a `*` row applies to every source that has no row of its own for that tag.
with

mappings as (
    select * from {{ ref('map_mood_tags') }}
),

final as (
    select
        -- ids
        source,
        tag_normalized,
        mood_id,

        -- strings
        tag_example,
        rule as mapping_rule,

        -- numerics
        cast(confidence as double) as confidence
    from mappings
)

select * from final
