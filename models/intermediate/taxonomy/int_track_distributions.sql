-- Per-track distributions over genres and over moods (`facet`), CONTRACT "Distributions":
--   evidence_weight(c) = sum of effective_weight of the track's evidence mapped to c;
--   score(c) = evidence_weight(c) / sum over all categories of the facet for the track.
-- A track's scores of one facet sum to 1; a track with no mapped evidence of a facet has no rows
-- of it. Only tracks of the plays count.
with

mapped as (
    select * from {{ ref('int_tag_evidence_mapped') }}
),

tracks as (
    select * from {{ ref('int_tracks_from_plays') }}
),

per_category as (
    select
        mapped.track_id,
        mapped.facet,
        mapped.category_id,
        sum(mapped.effective_weight) as evidence_weight,
        count(distinct mapped.source) as n_sources,
        count(distinct mapped.evidence_id) as n_evidence
    from mapped
    inner join tracks on mapped.track_id = tracks.track_id
    group by mapped.track_id, mapped.facet, mapped.category_id
),

final as (
    select
        -- ids
        track_id,
        facet,
        category_id,

        -- strings
        cast('{{ var("method_version") }}' as varchar) as method_version,

        -- numerics
        evidence_weight / sum(evidence_weight) over (partition by track_id, facet) as score,
        evidence_weight,
        cast(n_sources as integer) as n_sources,
        cast(n_evidence as integer) as n_evidence
    from per_category
    where evidence_weight > 0
)

select * from final
