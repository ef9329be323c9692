-- Why a track has its genre scores: one row per (track, genre, evidence row) with each
-- factor of the weight and the evidence's share. `share_of_score` summed over a track and
-- genre gives that genre's score ("why is this track 40% shoegaze?" is one query).
-- The logic is shared with track_mood_explanations (macros/taxonomy/track_distribution.sql).
{{
    track_distribution_explanations(
        mapped=ref('int_tag_evidence_mapped_genres'),
        scores=ref('track_genres'),
        facet='genre',
    )
}}
