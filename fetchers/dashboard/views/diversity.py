"""Diversity: how many genres and artists a month really spreads over, and the mood's path."""

from __future__ import annotations

import streamlit as st

from fetchers.dashboard import charts, queries, ui
from fetchers.dashboard.data import fetch
from fetchers.dashboard.shaping import overall_coverage, with_enough_coverage

MARTS = (
    "agg_user_diversity_monthly",
    "agg_user_mood_point_monthly",
)


def render(context: ui.PageContext) -> None:
    snapshot, user = context.snapshot, context.user
    span = (user.user_id, context.start, context.end)
    st.title("Diversity")
    ui.require_marts(context, *MARTS)
    st.caption(
        "The effective number is exp(entropy): the number of equally played genres (or "
        "artists) that would be as diverse as the month was."
    )
    diversity = fetch(snapshot, queries.diversity_monthly, *span)
    if diversity.empty:
        ui.no_data("months")
    else:
        enough = diversity.has_enough_coverage.fillna(False).astype(bool)
        # a month without enough classified listening has no genre figure: the line breaks
        shown = diversity.assign(
            genre_effective_number=diversity.genre_effective_number.where(enough)
        )
        ui.show_chart(
            charts.lines_over_time(
                shown,
                x="month",
                series={
                    "genre_effective_number": "Genres",
                    "artist_effective_number": "Artists",
                },
                title="How many genres and artists each month spreads over (effective number)",
                y_title="Effective number",
                value_format=",.0f",
            )
        )
        if enough.any():
            ui.coverage_caption(diversity.coverage[enough].mean(), "genre")
        left_out = diversity[~enough]
        ui.left_out_caption(len(left_out), "month(s) of genres", overall_coverage(left_out))
        with st.expander("Entropy per month"):
            st.dataframe(
                diversity[["month", "genre_entropy", "artist_entropy", "coverage"]],
                hide_index=True,
                column_config={
                    "month": st.column_config.DateColumn("Month", format="MMM YYYY"),
                    "genre_entropy": st.column_config.NumberColumn(
                        "Genre entropy (nats)", format="%.2f"
                    ),
                    "artist_entropy": st.column_config.NumberColumn(
                        "Artist entropy (nats)", format="%.2f"
                    ),
                    "coverage": st.column_config.NumberColumn("Genre coverage", format="percent"),
                },
            )

    st.subheader("Mood path")
    points = fetch(snapshot, queries.mood_point_monthly, *span)
    enough = with_enough_coverage(points)
    if points.empty:
        ui.no_data("mood distributions")
    elif enough.empty:
        ui.not_enough_classified(points.coverage.mean())
    else:
        ui.show_chart(
            charts.mood_path(enough, "Each month's mood point (valence, arousal), in time order")
        )
        ui.coverage_caption(enough.coverage.mean(), "mood")


render(ui.page_context())
