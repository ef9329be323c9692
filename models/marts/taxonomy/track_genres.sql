-- Per-track genre distribution (CONTRACT "Distributions"):
--   evidence_weight(g) = sum of effective_weight of the track's evidence mapped to g;
--   score(g) = evidence_weight(g) / sum over all genres of the track.
-- Scores of a track sum to 1; a track with no mapped evidence has no rows.
-- The logic is shared with track_moods (macros/taxonomy/track_distribution.sql).
{{
    track_distribution(
        mapped=ref('int_tag_evidence_mapped_genres'),
        tracks=ref('dim_tracks'),
        facet='genre',
    )
}}
