"""Heatmaps: genre family by ISO week, mood by local hour, local hour by weekday."""

from __future__ import annotations

import altair as alt
import streamlit as st

from fetchers.dashboard import charts, queries
from fetchers.dashboard.data import fetch
from fetchers.dashboard.queries import MIN_COVERAGE_TO_RANK
from fetchers.dashboard.ui import (
    PageContext,
    coverage_caption,
    no_data,
    not_enough_classified,
    page_context,
    show_chart,
)


def render(context: PageContext) -> None:
    snapshot, user = context.snapshot, context.user
    span = (user.user_id, context.start, context.end)
    st.title("Heatmaps")

    st.subheader("When you listen")
    grid = fetch(snapshot, queries.hour_by_weekday, *span)
    if grid.streams.sum() == 0:
        no_data("streams")
    else:
        show_chart(
            charts.heatmap(
                grid,
                x="hour",
                y="weekday",
                value="streams",
                title="Streams by local hour and weekday",
                x_title="Hour of day (local)",
                y_title="Weekday",
                value_title="Streams",
                value_format=",.0f",
                y_sort=charts.WEEKDAYS,
                tooltip_extra=[alt.Tooltip("hours:Q", title="Hours", format=",.1f")],
            )
        )

    coverage = fetch(snapshot, queries.coverage_totals, *span).iloc[0]

    st.subheader("Genre families by week")
    weekly = fetch(snapshot, queries.family_by_week, *span)
    if weekly.empty:
        no_data("classified streams")
    elif (coverage.genre_coverage or 0) < MIN_COVERAGE_TO_RANK:
        not_enough_classified(coverage.genre_coverage)
    else:
        show_chart(
            charts.heatmap(
                weekly,
                x="week",
                y="family",
                value="share",
                title="Each family's share of the week's classified streams",
                x_title="ISO week",
                y_title="Family",
                value_title="Share",
                value_format=".0%",
                x_type="T",
                x_end="week_end",
                tooltip_extra=[alt.Tooltip("iso_week:O", title="ISO week number")],
            )
        )
        coverage_caption(
            coverage.genre_coverage,
            "genre",
            (int(coverage.streams_with_genre), int(coverage.streams)),
        )

    st.subheader("Moods by hour")
    hourly = fetch(snapshot, queries.mood_by_hour, user.user_id)
    if hourly.empty:
        no_data("classified streams")
    elif (coverage.mood_coverage or 0) < MIN_COVERAGE_TO_RANK:
        not_enough_classified(coverage.mood_coverage)
    else:
        show_chart(
            charts.heatmap(
                hourly,
                x="hour",
                y="mood",
                value="share",
                title="Each mood's share of the hour's classified streams (all your listening)",
                x_title="Hour of day (local)",
                y_title="Mood",
                value_title="Share",
                value_format=".0%",
            )
        )
        coverage_caption(
            coverage.mood_coverage,
            "mood",
            (int(coverage.streams_with_mood), int(coverage.streams)),
        )


render(page_context())
