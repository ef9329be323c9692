-- Per-track distributions over top-level categories: a track's genre scores summed by their
-- family (the genre tree's top level), and its mood scores as they are (moods are a flat list,
-- each its own top level). Sums to 1 per track and facet; the unit of the heatmaps.
with

distributions as (
    select * from {{ ref('int_track_distributions') }}
),

categories as (
    select * from {{ ref('int_taxonomy_categories') }}
),

final as (
    select
        -- ids
        distributions.track_id,
        distributions.facet,
        categories.top_level_category_id,

        -- strings
        any_value(distributions.method_version) as method_version,

        -- numerics
        sum(distributions.score) as score,
        sum(distributions.evidence_weight) as evidence_weight,
        cast(count(*) as integer) as n_categories
    from distributions
    inner join categories
        on
            distributions.facet = categories.facet
            and distributions.category_id = categories.category_id
    group by distributions.track_id, distributions.facet, categories.top_level_category_id
)

select * from final
