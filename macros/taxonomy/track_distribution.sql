{#-
    Per-track distribution over one facet's categories (CONTRACT "Distributions"):
      evidence_weight(c) = sum of effective_weight of the track's evidence mapped to c;
      score(c) = evidence_weight(c) / sum over all categories of the facet for the track.
    Scores of a track sum to 1; a track with no mapped evidence has no rows.
-#}
{% macro track_distribution(mapped, tracks, facet) %}
{%- set category_column = facet ~ '_id' -%}
with

mapped as (
    select * from {{ mapped }}
),

tracks as (
    select * from {{ tracks }}
),

per_category as (
    select
        mapped.track_id,
        mapped.{{ category_column }},
        sum(mapped.effective_weight) as evidence_weight,
        count(distinct mapped.source) as n_sources,
        count(distinct mapped.evidence_id) as n_evidence
    from mapped
    inner join tracks on mapped.track_id = tracks.track_id
    group by mapped.track_id, mapped.{{ category_column }}
),

final as (
    select
        -- ids
        track_id,
        {{ category_column }},

        -- numerics
        evidence_weight / sum(evidence_weight) over (partition by track_id) as score,
        evidence_weight,
        cast(n_sources as integer) as n_sources,
        cast(n_evidence as integer) as n_evidence,

        -- strings
        cast('{{ var("method_version") }}' as varchar) as method_version
    from per_category
    where evidence_weight > 0
)

select * from final
{% endmacro %}


{#-
    Why a track has its scores in one facet: one row per (track, category, evidence row) with
    each factor of the weight and the evidence's share. `share_of_score` summed over a track and
    category gives that category's score.
-#}
{% macro track_distribution_explanations(mapped, scores, facet) %}
{%- set category_column = facet ~ '_id' -%}
with

mapped as (
    select * from {{ mapped }}
),

scores as (
    select * from {{ scores }}
),

final as (
    select
        -- ids
        mapped.track_id,
        mapped.{{ category_column }},
        mapped.evidence_id,
        mapped.source,
        mapped.entity_type,
        mapped.entity_id,
        mapped.map_source,

        -- strings
        mapped.tag_kind,
        mapped.tag_raw,
        mapped.tag_normalized,
        scores.method_version,

        -- numerics
        mapped.raw_weight,
        mapped.confidence,
        mapped.prior,
        mapped.effective_weight,
        mapped.effective_weight / scores.evidence_weight as share_of_{{ facet }}_weight,
        mapped.effective_weight / scores.evidence_weight * scores.score as share_of_score,
        scores.score as {{ facet }}_score,

        -- timestamps
        mapped.fetched_at
    from mapped
    inner join scores
        on
            mapped.track_id = scores.track_id
            and mapped.{{ category_column }} = scores.{{ category_column }}
)

select * from final
{% endmacro %}
