-- The mapping seeds are keyed by exactly what the `normalize_tag` macro makes of a tag: each
-- row's `tag_example` (a spelling the row was made from) normalises to its `tag_normalized`, and
-- `tag_normalized` is a fixed point of the macro. This ties the Python builder's normalisation
-- (fetchers/mappings/normalize.py) to the SQL one. Fails with every row where they differ.
with

seed_tags as (
    select
        'map_genre_tags' as seed_name,
        tag_example,
        tag_normalized
    from {{ ref('map_genre_tags') }}
    union all
    select
        'map_mood_tags' as seed_name,
        tag_example,
        tag_normalized
    from {{ ref('map_mood_tags') }}
    union all
    select
        'ignored_tags' as seed_name,
        tag_example,
        tag_normalized
    from {{ ref('ignored_tags') }}
)

select
    seed_name,
    tag_example,
    tag_normalized,
    {{ normalize_tag('tag_example') }} as normalized_by_macro
from seed_tags
where
    {{ normalize_tag('tag_example') }} <> tag_normalized
    or {{ normalize_tag('tag_normalized') }} <> tag_normalized
