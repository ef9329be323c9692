"""Overview: how much, the top genres and moods of the last 90 days, and the insights in words."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fetchers.dashboard import charts, queries, ui
from fetchers.dashboard.data import fetch

# characters Streamlit's Markdown would read as formatting (`$` starts LaTeX)
MARKDOWN_SPECIALS = frozenset("\\`*_{}[]<>()#+-.!|~$:")

MARTS = (
    "dim_users",
    "fact_plays",
    "agg_user_coverage_daily",
    "agg_user_top_genres_90d",
    "agg_user_top_moods_90d",
)


def render(context: ui.PageContext) -> None:
    snapshot, user = context.snapshot, context.user
    st.title(f"{user.username}'s listening")
    ui.require_marts(context, *MARTS)
    st.caption(f"{context.start:%d %b %Y} to {context.end:%d %b %Y} · local time ({user.timezone})")
    totals = fetch(snapshot, queries.listening_totals, user.user_id, context.start, context.end)
    coverage = fetch(snapshot, queries.coverage_totals, user.user_id, context.start, context.end)
    row, cover = totals.iloc[0], coverage.iloc[0]
    columns = st.columns(5)
    columns[0].metric("Streams", f"{int(row.streams):,}", help="Plays of at least 30 seconds.")
    columns[1].metric("Hours", f"{row.hours:,.0f}", help="Time played, every play counted.")
    columns[2].metric("Active days", f"{int(row.active_days):,}", help="Days with a stream.")
    columns[3].metric("Tracks", f"{int(row.tracks):,}", help="Distinct tracks streamed.")
    columns[4].metric(
        "Classified",
        ui.percent(cover.genre_coverage),
        help="Share of these streams whose track has a genre distribution (moods: "
        f"{ui.percent(cover.mood_coverage)}). Every genre and mood figure stands on this share.",
    )

    _insights(context)

    left, right = st.columns(2)
    with left:
        _top(fetch(snapshot, queries.top_genres_window, user.user_id, 10), "genres")
    with right:
        _top(fetch(snapshot, queries.top_moods_window, user.user_id, 10), "moods")

    monthly = fetch(snapshot, queries.monthly_streams, user.user_id, context.start, context.end)
    if monthly.empty:
        ui.no_data("streams")
    else:
        ui.show_chart(
            charts.bars_over_time(
                monthly, x="month", y="streams", title="Streams per month", y_title="Streams"
            )
        )


def _insights(context: ui.PageContext) -> None:
    st.subheader("In words")
    if not context.snapshot.has("rpt_user_insights"):
        st.info(
            "Insight sentences come from `marts.rpt_user_insights`, which this snapshot does "
            "not hold yet: run `dbt build`, then reload."
        )
        return
    sentences = fetch(context.snapshot, queries.insights, context.user.user_id)
    in_range = sentences[
        (pd.to_datetime(sentences.period_end).dt.date >= context.start)
        & (pd.to_datetime(sentences.period_start).dt.date <= context.end)
    ]
    if in_range.empty:
        st.caption("No insight for these dates (each needs enough listening to stand on).")
        return
    st.markdown(
        "\n".join(
            f"- {_escape_markdown(row.sentence)}" + _coverage_note(row.coverage)
            for row in in_range.head(12).itertuples()
        )
    )


def _escape_markdown(text: str) -> str:
    """A sentence shown as written: album and artist names may hold `*`, `_`, `$` and the like."""
    return "".join(f"\\{char}" if char in MARKDOWN_SPECIALS else char for char in text)


def _coverage_note(coverage: float | None) -> str:
    """The denominator of a sentence with a genre or mood figure, quietly after it."""
    if coverage is None or coverage != coverage:
        return ""
    return f" :gray[(stands on {ui.percent(coverage)} classified listening)]"


def _top(frame: pd.DataFrame, facet: str) -> None:
    st.subheader(f"Top {facet}, last 90 days")
    if frame.empty:
        st.caption(f"No classified stream in the 90 days to the last play: no {facet} to rank.")
        return
    first = frame.iloc[0]
    window = f"{first.window_start_date:%d %b %Y} to {first.window_end_date:%d %b %Y}"
    if not bool(first.has_enough_coverage):
        ui.not_enough_classified(first.coverage)
        return
    ui.show_chart(
        charts.ranking_bars(
            frame, label="name", value="share", title=window, value_title="Share of classified"
        )
    )
    ui.coverage_caption(
        first.coverage,
        facet.rstrip("s"),
        (int(first.window_streams_with_distribution), int(first.window_streams)),
    )


render(ui.page_context())
