"""Why this genre: a track's genre and mood distributions and every evidence row behind them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fetchers.dashboard import charts, queries, ui
from fetchers.dashboard.data import fetch

EVIDENCE_COLUMNS = {
    "name": "Scored as",
    "source": "Source",
    "entity_type": "Entity",
    "entity_id": "Entity id",
    "tag_raw": "Raw tag",
    "raw_weight": st.column_config.NumberColumn("Raw weight", format="%.3f"),
    "confidence": st.column_config.NumberColumn("Mapping confidence", format="%.2f"),
    "prior": st.column_config.NumberColumn("Source prior", format="%.2f"),
    "effective_weight": st.column_config.NumberColumn("Effective weight", format="%.4f"),
    "share_of_score": st.column_config.NumberColumn("Share of score", format="percent"),
}


MARTS = (
    "fact_plays",
    "dim_tracks",
    "bridge_track_artists",
    "dim_artists",
    "track_genres",
    "track_moods",
    "dim_genres",
    "dim_moods",
    "track_genre_explanations",
    "track_mood_explanations",
)


def render(context: ui.PageContext) -> None:
    snapshot, user = context.snapshot, context.user
    st.title("Why this genre")
    ui.require_marts(context, *MARTS)
    st.caption(
        "A track's score for a genre is the sum of its evidence's effective weights (raw weight "
        "x mapping confidence x source prior), divided by the sum over all its genres."
    )
    tracks = fetch(snapshot, queries.user_tracks, user.user_id, context.start, context.end, 500)
    if tracks.empty:
        ui.no_data("streamed tracks")
        return
    labels = {
        row.track_id: f"{row.track_name} — {row.artists} ({row.streams:,} streams)"
        for row in tracks.itertuples()
    }
    track_id = st.selectbox(
        "Track (your most streamed first; type to search)",
        list(labels),
        format_func=labels.__getitem__,
        key="why_track",
    )
    for facet in ("genre", "mood"):
        _facet(context, track_id, facet)


def _facet(context: ui.PageContext, track_id: str, facet: str) -> None:
    st.subheader(f"{facet.capitalize()}s")
    distribution = fetch(context.snapshot, queries.track_distribution, track_id, facet)
    if distribution.empty:
        st.info(
            f"This track has no {facet} distribution: no evidence about it maps to a {facet} "
            "yet (see Data quality for the unmapped tags)."
        )
        return
    ui.show_chart(
        charts.ranking_bars(
            distribution.head(15),
            label="name",
            value="score",
            title=f"{facet.capitalize()} distribution (scores sum to 100%)",
            value_title="Score",
        )
    )
    st.caption(f"Method version {distribution.method_version.iloc[0]}.")
    evidence = fetch(context.snapshot, queries.track_evidence, track_id, facet)
    st.markdown(f"**Evidence behind each {facet} score** ({len(evidence):,} rows)")
    st.dataframe(_ordered(evidence), hide_index=True, column_config=EVIDENCE_COLUMNS)


def _ordered(evidence: pd.DataFrame) -> pd.DataFrame:
    return evidence[[column for column in EVIDENCE_COLUMNS if column in evidence]]


render(ui.page_context())
