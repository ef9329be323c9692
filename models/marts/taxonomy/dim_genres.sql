-- The canonical genre tree (seed `genres`), with each genre's path from its top-level family.
with recursive

genres as (
    select * from {{ ref('genres') }}
),

paths as (
    select
        genre_id,
        cast(genre_name as varchar) as genre_path
    from genres
    where parent_genre_id is null
    union all
    select
        genres.genre_id,
        paths.genre_path || ' > ' || genres.genre_name as genre_path
    from genres
    inner join paths on genres.parent_genre_id = paths.genre_id
),

children as (
    select
        parent_genre_id as genre_id,
        count(*) as n_children
    from genres
    where parent_genre_id is not null
    group by parent_genre_id
),

final as (
    select
        -- ids
        genres.genre_id,
        genres.parent_genre_id,
        genres.top_level_genre_id,

        -- strings
        genres.genre_name,
        families.genre_name as top_level_genre_name,
        paths.genre_path,
        genres.origin,

        -- numerics
        cast(genres.depth as integer) as genre_depth,
        cast(coalesce(children.n_children, 0) as integer) as n_children,

        -- booleans
        genres.parent_genre_id is null as is_top_level
    from genres
    inner join genres as families on genres.top_level_genre_id = families.genre_id
    left join paths on genres.genre_id = paths.genre_id
    left join children on genres.genre_id = children.genre_id
)

select * from final
