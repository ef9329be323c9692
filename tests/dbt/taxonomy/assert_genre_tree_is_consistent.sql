-- The genre tree has no cycles and its stored shape is what the parent links say: walking up
-- from every genre reaches a top-level genre (no parent) within 20 steps, at the stored depth,
-- and that genre is the stored top_level_genre_id. Fails with the genres where it does not.
with recursive

genres as (
    select * from {{ ref('genres') }}
),

walk as (
    select
        genre_id,
        parent_genre_id as ancestor_id,
        genre_id as last_id,
        0 as steps
    from genres
    union all
    select
        walk.genre_id,
        genres.parent_genre_id as ancestor_id,
        genres.genre_id as last_id,
        walk.steps + 1 as steps
    from walk
    inner join genres on walk.ancestor_id = genres.genre_id
    where walk.steps < 20
),

roots as (
    select
        genre_id,
        last_id as root_id,
        steps
    from walk
    where ancestor_id is null
)

select
    genres.genre_id,
    genres.top_level_genre_id,
    genres.depth,
    roots.root_id,
    roots.steps
from genres
left join roots on genres.genre_id = roots.genre_id
where
    roots.genre_id is null
    or roots.root_id <> genres.top_level_genre_id
    or roots.steps <> genres.depth
