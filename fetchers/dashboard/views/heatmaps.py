"""Heatmaps: genre family by ISO week, mood by local hour, local hour by weekday."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from fetchers.dashboard import charts, queries
from fetchers.dashboard.data import fetch
from fetchers.dashboard.shaping import overall_coverage, with_enough_coverage
from fetchers.dashboard.ui import (
    PageContext,
    coverage_caption,
    left_out_caption,
    no_data,
    not_enough_classified,
    page_context,
    require_marts,
    show_chart,
)

MARTS = (
    "fact_plays",
    "agg_user_genre_family_weekly",
    "agg_user_mood_hourly",
)


def render(context: PageContext) -> None:
    snapshot, user = context.snapshot, context.user
    span = (user.user_id, context.start, context.end)
    st.title("Heatmaps")
    require_marts(context, *MARTS)

    st.subheader("When you listen")
    grid = fetch(snapshot, queries.hour_by_weekday, *span)
    if grid.streams.sum() == 0:
        no_data("streams")
    else:
        show_chart(charts.hour_weekday_heatmap(grid))

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
        no_data("classified streams")
        return
    enough = with_enough_coverage(frame)
    if enough.empty:
        not_enough_classified(overall_coverage(frame, period))
        return
    show_chart(build(enough))
    coverage_caption(overall_coverage(enough, period), facet)
    left_out_caption(frame[period].nunique() - enough[period].nunique(), f"{period}(s)")


render(page_context())
