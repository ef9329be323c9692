"""Compare: how close two listeners' genres, moods and artists are, and what they share."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fetchers.dashboard import charts, queries
from fetchers.dashboard.data import fetch
from fetchers.dashboard.ui import (
    PageContext,
    no_data,
    page_context,
    percent,
    require_marts,
    show_chart,
)

MARTS = ("agg_user_pair_compatibility", "agg_user_pair_shared_artists")
PERIODS = {"all_time": "All time", "last_365_days": "Last 365 days"}


def render(context: PageContext) -> None:
    st.title("Compare")
    require_marts(context, *MARTS)
    if context.other is None:
        st.info("Pick a second listener under “Compare with” in the sidebar.")
        return
    snapshot, user, other = context.snapshot, context.user, context.other
    st.caption(f"{user.username} and {other.username}")

    pairs = fetch(snapshot, queries.pair_compatibility, user.user_id, other.user_id)
    if pairs.empty:
        no_data("common listening")
        return
    for row in pairs.itertuples():
        st.subheader(PERIODS.get(row.period, str(row.period)))
        columns = st.columns(4)
        columns[0].metric("Compatibility", percent(row.compatibility))
        columns[1].metric("Genre similarity", percent(row.genre_similarity))
        columns[2].metric("Mood similarity", percent(row.mood_similarity))
        columns[3].metric(
            "Artist overlap",
            percent(row.artist_overlap),
            help=f"{row.shared_artists:,} shared artists, {row.shared_tracks:,} shared tracks.",
        )

    st.subheader("Top genres side by side (last 90 days of each)")
    tops = pd.concat(
        [
            fetch(snapshot, queries.top_genres_window, listener.user_id, 10).assign(
                listener=listener.username
            )
            for listener in (user, other)
        ]
    )
    if tops.empty:
        no_data("classified listening")
    else:
        show_chart(charts.grouped_bars(tops, label="name", value="share", group="listener"))

    st.subheader("Artists you share")
    shared = fetch(snapshot, queries.pair_shared_artists, user.user_id, other.user_id)
    if shared.empty:
        no_data("shared artists")
    else:
        visible = [column for column in shared.columns if not column.endswith("user_id")]
        st.dataframe(shared[visible], hide_index=True)


render(page_context())
