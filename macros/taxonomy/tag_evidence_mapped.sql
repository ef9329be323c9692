{#-
    Each evidence row of a track read as one facet (genre or mood) through that facet's mapping
    seed, with its weight:
      effective_weight = raw_weight x confidence (map row) x prior (source, entity_type, facet).
    A map row for the evidence's own source wins; a `*` row applies only when the source has no
    row of its own for that tag. One tag may map to several categories (one row each). Evidence
    from a (source, entity type) without a prior for the facet is not used for it.
-#}
{% macro tag_evidence_mapped(evidence, mappings, priors, facet) %}
with

evidence as (
    select * from {{ evidence }}
),

mappings as (
    select * from {{ mappings }}
),

priors as (
    select * from {{ priors }}
    where facet = '{{ facet }}'
),

source_specific_tags as (
    select distinct
        source,
        tag_normalized
    from mappings
    where source <> '*'
),

applicable as (
    select
        evidence.*,
        mappings.{{ facet }}_id,
        mappings.source as map_source,
        mappings.confidence
    from evidence
    inner join mappings
        on
            evidence.tag_normalized = mappings.tag_normalized
            and (
                evidence.source = mappings.source
                or (
                    mappings.source = '*'
                    and not exists (
                        select 1
                        from source_specific_tags
                        where
                            source_specific_tags.source = evidence.source
                            and source_specific_tags.tag_normalized = evidence.tag_normalized
                    )
                )
            )
),

weighted as (
    select
        applicable.*,
        priors.prior,
        applicable.raw_weight * applicable.confidence * priors.prior as effective_weight
    from applicable
    inner join priors
        on
            applicable.source = priors.source
            and applicable.entity_type = priors.entity_type
)

select * from weighted
{% endmacro %}
