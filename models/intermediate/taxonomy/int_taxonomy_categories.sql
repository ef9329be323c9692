-- The method's categories in one shape, genre and mood alike (`facet`): the genre tree (seed
-- `genres`) with each genre's path from its top-level family, and the moods (seed `moods`) on
-- Russell's circumplex. Moods are a flat list: each mood is its own top level, so "per family"
-- figures read as "per mood" for them.
with recursive

genres as (
    select * from {{ ref('genres') }}
),

moods as (
    select * from {{ ref('moods') }}
),

genre_paths as (
    select
        genre_id,
        cast(genre_name as varchar) as genre_path
    from genres
    where parent_genre_id is null
    union all
    select
        genres.genre_id,
        genre_paths.genre_path || ' > ' || genres.genre_name as genre_path
    from genres
    inner join genre_paths on genres.parent_genre_id = genre_paths.genre_id
),

genre_children as (
    select
        parent_genre_id as genre_id,
        count(*) as n_children
    from genres
    where parent_genre_id is not null
    group by parent_genre_id
),

genre_categories as (
    select
        'genre' as facet,
        genres.genre_id as category_id,
        genres.parent_genre_id as parent_category_id,
        genres.top_level_genre_id as top_level_category_id,
        genres.genre_name as category_name,
        families.genre_name as top_level_category_name,
        genre_paths.genre_path as category_path,
        genres.origin,
        cast(null as varchar) as description,
        cast(null as varchar) as quadrant,
        genres.depth as category_depth,
        coalesce(genre_children.n_children, 0) as n_children,
        cast(null as double) as valence,
        cast(null as double) as arousal
    from genres
    inner join genres as families on genres.top_level_genre_id = families.genre_id
    left join genre_paths on genres.genre_id = genre_paths.genre_id
    left join genre_children on genres.genre_id = genre_children.genre_id
),

mood_categories as (
    select
        'mood' as facet,
        mood_id as category_id,
        cast(null as varchar) as parent_category_id,
        mood_id as top_level_category_id,
        mood_name as category_name,
        mood_name as top_level_category_name,
        mood_name as category_path,
        'curated' as origin,
        description,
        case
            when valence >= 0 and arousal >= 0 then 'positive, energetic'
            when valence >= 0 then 'positive, calm'
            when arousal >= 0 then 'negative, energetic'
            else 'negative, calm'
        end as quadrant,
        0 as category_depth,
        0 as n_children,
        valence,
        arousal
    from moods
),

unioned as (
    select * from genre_categories
    union all
    select * from mood_categories
),

final as (
    select
        -- ids
        facet,
        cast(category_id as varchar) as category_id,
        cast(parent_category_id as varchar) as parent_category_id,
        cast(top_level_category_id as varchar) as top_level_category_id,

        -- strings
        cast(category_name as varchar) as category_name,
        cast(top_level_category_name as varchar) as top_level_category_name,
        cast(category_path as varchar) as category_path,
        cast(origin as varchar) as origin,
        cast(description as varchar) as description,
        quadrant,

        -- numerics
        cast(category_depth as integer) as category_depth,
        cast(n_children as integer) as n_children,
        cast(valence as double) as valence,
        cast(arousal as double) as arousal,

        -- booleans
        parent_category_id is null as is_top_level
    from unioned
)

select * from final
