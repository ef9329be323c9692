"""Heatmaps: genre family by ISO week, mood by local hour, local hour by weekday."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from fetchers.dashboard import charts, queries, ui
from fetchers.dashboard.data import fetch
from fetchers.dashboard.shaping import (
    overall_coverage,
    with_enough_coverage,
    without_enough_coverage,
)

MARTS = (
    "fact_plays",
    "agg_user_genre_family_weekly",
    "agg_user_mood_hourly",
)


def render(context: ui.PageContext) -> None:
    snapshot, user = context.snapshot, context.user
    span = (user.user_id, context.start, context.end)
    st.title("Heatmaps")
    ui.require_marts(context, *MARTS)

    st.subheader("When you listen")
    grid = fetch(snapshot, queries.hour_by_weekday, *span)
    if grid.streams.sum() == 0:
        ui.no_data("streams")
    else:
        ui.show_chart(charts.hour_weekday_heatmap(grid))

    st.subheader("Genre families by week")
    weekly = fetch(snapshot, queries.family_by_week, *span)
    _classified_heatmap(weekly, "week", "genre", charts.family_week_heatmap)

    st.subheader("Moods by hour")
    hourly = fetch(snapshot, queries.mood_by_hour, user.user_id)
    _classified_heatmap(hourly, "hour", "mood", charts.mood_hour_heatmap)


def _classified_heatmap(
    frame: pd.DataFrame, period: str, facet: str, build: Callable[[pd.DataFrame], alt.Chart]
) -> None:
    """Only the periods classified enough to compare; the rest is said, not drawn."""
    if frame.empty:
        ui.no_data("classified streams")
        return
    enough = with_enough_coverage(frame)
    if enough.empty:
        ui.not_enough_classified(overall_coverage(frame, period))
        return
    ui.show_chart(build(enough))
    ui.coverage_caption(overall_coverage(enough, period), facet)
    left_out = without_enough_coverage(frame)
    ui.left_out_caption(
        left_out[period].nunique(), f"{period}(s)", overall_coverage(left_out, period)
    )


render(ui.page_context())
