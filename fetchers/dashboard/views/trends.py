"""Trends: monthly genre, family and mood shares, and how much the mix drifted month to month."""

from __future__ import annotations

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
    "agg_user_genre_monthly",
    "agg_user_mood_monthly",
    "dim_genres",
    "dim_moods",
    "agg_user_coverage_monthly",
    "agg_user_diversity_monthly",
    "agg_user_genre_drift_monthly",
    "agg_user_genre_shifts_monthly",
)


def render(context: ui.PageContext) -> None:
    snapshot, user = context.snapshot, context.user
    st.title("Trends")
    ui.require_marts(context, *MARTS)
    st.caption(
        "Each month's shares of the streams whose track has a distribution; months with too "
        "little classified listening to compare are left out."
    )
    top_n = st.slider("Genres and moods shown (the rest is “other”)", 3, 10, 8, key="top_n")
    span = (user.user_id, context.start, context.end)

    st.subheader("Genres")
    genres = fetch(snapshot, queries.monthly_genre_shares, *span, top_n)
    _share_area(genres, "Genre", "Monthly genre shares", "genre")

    st.subheader("Genre families")
    families = fetch(snapshot, queries.monthly_family_shares, *span)
    _share_area(
        families.rename(columns={"family": "name"}), "Family", "Monthly family shares", "genre"
    )

    st.subheader("Moods")
    moods = fetch(snapshot, queries.monthly_mood_shares, *span, top_n)
    _share_area(moods, "Mood", "Monthly mood shares", "mood")

    st.subheader("Drift month over month")
    _drift(context)


def _share_area(frame: pd.DataFrame, legend: str, title: str, facet: str) -> None:
    if frame.empty:
        ui.no_data(f"{facet} distributions")
        return
    enough = with_enough_coverage(frame)
    if enough.empty:
        ui.not_enough_classified(overall_coverage(frame))
        return
    ui.show_chart(charts.share_area(enough, "name", title, legend))
    ui.coverage_caption(overall_coverage(enough), facet)
    left_out = without_enough_coverage(frame)
    ui.left_out_caption(left_out.month.nunique(), "month(s)", overall_coverage(left_out))


def _drift(context: ui.PageContext) -> None:
    drift = fetch(
        context.snapshot, queries.genre_drift, context.user.user_id, context.start, context.end
    )
    drift = with_enough_coverage(drift)
    if drift.empty:
        ui.no_data("months with enough classified listening to compare")
        return
    ui.show_chart(
        charts.lines_over_time(
            drift,
            x="month",
            series={"js_divergence": "Jensen-Shannon divergence"},
            title="How different each month's genre mix is from the month before (0 = same, "
            "1 = nothing in common)",
            y_title="Divergence",
        )
    )
    table = drift.sort_values("month", ascending=False)[
        ["month", "js_divergence", "rose_most", "rose_by", "fell_most", "fell_by", "coverage"]
    ]
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "month": st.column_config.DateColumn("Month", format="MMM YYYY"),
            "js_divergence": st.column_config.NumberColumn("Divergence", format="%.3f"),
            "rose_most": "Rose most",
            "rose_by": st.column_config.NumberColumn("by (points)", format="ui.percent"),
            "fell_most": "Fell most",
            "fell_by": st.column_config.NumberColumn("by (points)", format="ui.percent"),
            "coverage": st.column_config.NumberColumn("Coverage", format="ui.percent"),
        },
    )
    months = list(table.month)
    month = st.selectbox(
        "Genres that rose and fell most in",
        months,
        format_func=lambda value: f"{pd.Timestamp(value):%B %Y}",
        key="drift_month",
    )
    shifts = fetch(
        context.snapshot,
        queries.genre_shifts,
        context.user.user_id,
        pd.Timestamp(month).date(),
        5,
    )
    if shifts.empty:
        ui.no_data("genre shifts")
        return
    ui.show_chart(
        charts.diverging_bars(
            shifts,
            label="genre",
            value="share_change",
            title=f"{pd.Timestamp(month):%B %Y} against the month before",
        )
    )
    row = table[table.month == month].iloc[0]
    st.caption(f"Coverage of {pd.Timestamp(month):%B %Y}: {ui.percent(row.coverage)}.")


render(ui.page_context())
