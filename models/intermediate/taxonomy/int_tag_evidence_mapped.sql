-- Each evidence row of a track read as genres and as moods (`facet`) through the mapping seeds,
-- with its weight:
--   effective_weight = raw_weight x confidence (map row) x prior (source, entity_type, facet).
-- A map row for the evidence's own source wins; a `*` row applies only when the source has no
-- row of its own for that tag and facet. One tag may map to several categories (one row each)
-- and to both facets. Evidence from a (source, entity type) without a prior for a facet is not
-- used for that facet.
with

evidence as (
    select * from {{ ref('int_tag_evidence_attached') }}
),

mappings as (
    select * from {{ ref('int_tag_mappings') }}
),

priors as (
    select * from {{ ref('int_source_priors') }}
),

source_specific_tags as (
    select distinct
        facet,
        source,
        tag_normalized
    from mappings
    where source <> '*'
),

applicable as (
    -- the evidence source's own rows, else the `*` rows (equi-joins only: the two cases are
    -- joined separately, a disjunction in a join condition would make it a nested loop)
    select
        evidence.*,
        mappings.facet,
        mappings.category_id,
        mappings.source as map_source,
        mappings.confidence
    from evidence
    inner join mappings
        on
            evidence.tag_normalized = mappings.tag_normalized
            and evidence.source = mappings.source
    union all
    select
        evidence.*,
        mappings.facet,
        mappings.category_id,
        mappings.source as map_source,
        mappings.confidence
    from evidence
    inner join mappings
        on
            evidence.tag_normalized = mappings.tag_normalized
            and mappings.source = '*'
    anti join source_specific_tags
        on
            mappings.facet = source_specific_tags.facet
            and evidence.source = source_specific_tags.source
            and evidence.tag_normalized = source_specific_tags.tag_normalized
),

final as (
    select
        applicable.*,
        priors.prior,
        applicable.raw_weight * applicable.confidence * priors.prior as effective_weight
    from applicable
    inner join priors
        on
            applicable.source = priors.source
            and applicable.entity_type = priors.entity_type
            and applicable.facet = priors.facet
)

select * from final
