-- Why a track has its mood scores: one row per (track, mood, evidence row) with each
-- factor of the weight and the evidence's share. `share_of_score` summed over a track and
-- mood gives that mood's score ("why is this track 40% shoegaze?" is one query).
-- The logic is shared with track_genre_explanations (macros/taxonomy/track_distribution.sql).
{{
    track_distribution_explanations(
        mapped=ref('int_tag_evidence_mapped_moods'),
        scores=ref('track_moods'),
        facet='mood',
    )
}}
