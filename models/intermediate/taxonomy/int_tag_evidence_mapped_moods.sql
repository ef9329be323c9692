-- Each evidence row of a track read as moods through the mapping seed, with its weight:
--   effective_weight = raw_weight x confidence (map row) x prior (source, entity_type, 'mood').
-- A map row for the evidence's own source wins; a `*` row applies only when the source has no
-- row of its own for that tag. One tag may map to several moods (one row each). Evidence from
-- a (source, entity type) without a mood prior is not used for moods.
-- The logic is shared with int_tag_evidence_mapped_genres (macros/taxonomy/tag_evidence_mapped.sql).
{{
    tag_evidence_mapped(
        evidence=ref('int_tag_evidence_attached'),
        mappings=ref('map_mood_tags'),
        priors=ref('source_entity_priors'),
        facet='mood',
    )
}}
