-- How a normalised tag reads as genres and as moods, in one shape (`facet`): the mapping seeds
-- `map_genre_tags` and `map_mood_tags`. `source` is a source name or `*`; a `*` row applies to
-- every source that has no row of its own for that tag and facet. One tag may map to several
-- categories, and to both facets.
with

genre_tags as (
    select * from {{ ref('map_genre_tags') }}
),

mood_tags as (
    select * from {{ ref('map_mood_tags') }}
),

unioned as (
    select
        'genre' as facet,
        source,
        tag_normalized,
        genre_id as category_id,
        tag_example,
        rule,
        confidence
    from genre_tags
    union all
    select
        'mood' as facet,
        source,
        tag_normalized,
        mood_id as category_id,
        tag_example,
        rule,
        confidence
    from mood_tags
),

final as (
    select
        -- ids
        facet,
        source,
        tag_normalized,
        category_id,

        -- strings
        tag_example,
        rule as mapping_rule,

        -- numerics
        cast(confidence as double) as confidence
    from unioned
)

select * from final
