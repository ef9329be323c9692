-- Each evidence row of a track read as genres through the mapping seed, with its weight:
--   effective_weight = raw_weight x confidence (map row) x prior (source, entity_type, 'genre').
-- A map row for the evidence's own source wins; a `*` row applies only when the source has no
-- row of its own for that tag. One tag may map to several genres (one row each). Evidence from
-- a (source, entity type) without a genre prior is not used for genres.
-- The logic is shared with int_tag_evidence_mapped_moods (macros/taxonomy/tag_evidence_mapped.sql).
{{
    tag_evidence_mapped(
        evidence=ref('int_tag_evidence_attached'),
        mappings=ref('map_genre_tags'),
        priors=ref('source_entity_priors'),
        facet='genre',
    )
}}
