-- Diversity of each user's month (int_user_diversity_monthly side by side): Shannon entropy
-- (natural log), normalised entropy and effective number (exp of entropy) of the genre
-- distribution, the mood distribution and the artists streamed, with the coverage the genre and
-- mood figures stand on and whether it is enough to compare them.
with

diversity as (
    select * from {{ ref('int_user_diversity_monthly') }}
),

coverage as (
    select * from {{ ref('int_user_coverage_monthly') }}
),

user_months as (
    select distinct
        user_id,
        month
    from diversity
),

final as (
    select
        -- ids
        user_months.user_id,

        -- numerics
        genres.category_count as genre_count,
        genres.entropy as genre_entropy,
        genres.entropy_normalized as genre_entropy_normalized,
        genres.effective_number as genre_effective_number,
        moods.category_count as mood_count,
        moods.entropy as mood_entropy,
        moods.entropy_normalized as mood_entropy_normalized,
        moods.effective_number as mood_effective_number,
        artists.category_count as artist_count,
        artists.entropy as artist_entropy,
        artists.entropy_normalized as artist_entropy_normalized,
        artists.effective_number as artist_effective_number,
        genre_coverage.coverage as genre_coverage,
        mood_coverage.coverage as mood_coverage,

        -- booleans
        coalesce(genre_coverage.has_enough_coverage, false) as has_enough_genre_coverage,
        coalesce(mood_coverage.has_enough_coverage, false) as has_enough_mood_coverage,

        -- dates
        user_months.month
    from user_months
    left join diversity as genres
        on
            user_months.user_id = genres.user_id
            and user_months.month = genres.month
            and genres.dimension = 'genre'
    left join diversity as moods
        on
            user_months.user_id = moods.user_id
            and user_months.month = moods.month
            and moods.dimension = 'mood'
    left join diversity as artists
        on
            user_months.user_id = artists.user_id
            and user_months.month = artists.month
            and artists.dimension = 'artist'
    left join coverage as genre_coverage
        on
            user_months.user_id = genre_coverage.user_id
            and user_months.month = genre_coverage.month
            and genre_coverage.facet = 'genre'
    left join coverage as mood_coverage
        on
            user_months.user_id = mood_coverage.user_id
            and user_months.month = mood_coverage.month
            and mood_coverage.facet = 'mood'
)

select * from final
