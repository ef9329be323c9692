-- Per-track genre distribution (CONTRACT "Distributions"):
--   evidence_weight(g) = sum of effective_weight of the track's evidence mapped to g;
--   score(g) = evidence_weight(g) / sum over all genres of the track.
-- Scores of a track sum to 1; a track with no mapped evidence has no rows.
with

mapped as (
    select * from {{ ref('int_tag_evidence_mapped_genres') }}
),

tracks as (
    select * from {{ ref('dim_tracks') }}
),

per_genre as (
    select
        mapped.track_id,
        mapped.genre_id,
        sum(mapped.effective_weight) as evidence_weight,
        count(distinct mapped.source) as n_sources,
        count(distinct mapped.evidence_id) as n_evidence
    from mapped
    inner join tracks on mapped.track_id = tracks.track_id
    group by mapped.track_id, mapped.genre_id
),

final as (
    select
        -- ids
        track_id,
        genre_id,

        -- numerics
        evidence_weight / sum(evidence_weight) over (partition by track_id) as score,
        evidence_weight,
        cast(n_sources as integer) as n_sources,
        cast(n_evidence as integer) as n_evidence,

        -- strings
        cast('{{ var("method_version") }}' as varchar) as method_version
    from per_genre
    where evidence_weight > 0
)

select * from final
