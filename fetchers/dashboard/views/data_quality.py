"""Data quality: classified listening over time, unmapped tags, how far enrichment got."""

from __future__ import annotations

import streamlit as st

from fetchers.dashboard import charts, queries, ui
from fetchers.dashboard.data import fetch

MARTS = (
    "agg_user_coverage_monthly",
    "rpt_unmapped_tags",
    "rpt_tag_coverage",
    "dim_tracks",
    "dim_albums",
    "track_genres",
    "track_moods",
)


def render(context: ui.PageContext) -> None:
    snapshot, user = context.snapshot, context.user
    st.title("Data quality")
    ui.require_marts(context, *MARTS)

    st.subheader("Coverage over time")
    coverage = fetch(snapshot, queries.coverage_monthly, user.user_id, context.start, context.end)
    if coverage.empty:
        ui.no_data("streams")
    else:
        ui.show_chart(
            charts.lines_over_time(
                coverage,
                x="month",
                series={"genre_coverage": "Genre", "mood_coverage": "Mood"},
                title="Share of each month's streams whose track has a distribution",
                y_title="Coverage",
                value_format="%",
            )
        )
        st.caption(
            "Below the dbt var `min_coverage_to_rank` (default 50%) the pages do not rank or "
            "compare genres or moods for the period; they say how much was classified instead."
        )

    st.subheader("Most frequent unmapped tags")
    unmapped = fetch(snapshot, queries.unmapped_tags, 25)
    if unmapped.empty:
        st.success("Every tag in the evidence maps to a genre or mood (or is ignored on purpose).")
    else:
        st.dataframe(
            unmapped,
            hide_index=True,
            column_config={
                "source": "Source",
                "tag": "Tag",
                "tracks": st.column_config.NumberColumn("Tracks", help="Tracks it is about"),
                "weight": st.column_config.NumberColumn("Total raw weight", format="%.2f"),
            },
        )
        st.caption("`python -m fetchers suggest-mappings` proposes mappings for these, to review.")

    st.subheader("Enrichment status")
    status = fetch(snapshot, queries.enrichment_status)
    status["share"] = status["count"] / status["total"].where(status["total"] > 0)
    st.dataframe(
        status,
        hide_index=True,
        column_config={
            "subject": "Of all",
            "status": "Status",
            "count": st.column_config.NumberColumn("Count"),
            "total": st.column_config.NumberColumn("Total"),
            "share": st.column_config.ProgressColumn(
                "Share", format="percent", min_value=0.0, max_value=1.0
            ),
        },
    )
    sources = fetch(snapshot, queries.tag_coverage_by_source)
    if not sources.empty:
        st.markdown("**Evidence by source**")
        st.dataframe(
            sources,
            hide_index=True,
            column_config={
                "facet": "Facet",
                "source": "Source",
                "share_weight_mapped": st.column_config.NumberColumn(
                    "Evidence weight mapped", format="percent"
                ),
                "share_tracks_covered": st.column_config.NumberColumn(
                    "Tracks covered", format="percent"
                ),
                "share_streams_covered": st.column_config.NumberColumn(
                    "Streams covered", format="percent"
                ),
                "n_tracks_with_evidence": st.column_config.NumberColumn("Tracks with evidence"),
            },
        )


render(ui.page_context())
