"""Compare: how close two listeners' genres, moods and artists are, and what they share."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fetchers.dashboard import charts, queries, ui
from fetchers.dashboard.data import fetch

MARTS = ("agg_user_pair_compatibility", "agg_user_pair_shared_artists")
PERIODS = {"all_time": "All time", "last_365_days": "Last 365 days"}


def render(context: ui.PageContext) -> None:
    st.title("Compare")
    ui.require_marts(context, *MARTS)
    if context.other is None:
        st.info("Comparing needs a second listener: load another person's export.")
        return
    snapshot, user, other = context.snapshot, context.user, context.other
    st.caption(
        f"{user.username} and {other.username}. Compatibility combines genre and mood "
        "similarity (cosine of the two distributions) and artist overlap (weighted Jaccard)."
    )
    pairs = fetch(snapshot, queries.pair_compatibility, user.user_id, other.user_id)
    if pairs.empty:
        ui.no_data("listening to compare")
        return
    period = st.radio(
        "Period",
        list(pairs.period),
        format_func=lambda value: PERIODS.get(value, value),
        horizontal=True,
        key="compare_period",
    )
    row = pairs[pairs.period == period].iloc[0]
    columns = st.columns(4)
    columns[0].metric("Compatibility", ui.percent(row.compatibility))
    columns[1].metric(
        "Genre similarity",
        ui.percent(row.genre_similarity),
        help=f"Stands on {ui.percent(row.genre_coverage)} of the two listeners' streams "
        "(those with a genre distribution).",
    )
    columns[2].metric(
        "Mood similarity",
        ui.percent(row.mood_similarity),
        help=f"Stands on {ui.percent(row.mood_coverage)} of the streams (those with a mood "
        "distribution).",
    )
    columns[3].metric(
        "Artist overlap",
        ui.percent(row.artist_overlap),
        help=f"{int(row.shared_artists):,} shared artists, {int(row.shared_tracks):,} shared "
        "tracks.",
    )
    st.caption(
        f"Genre coverage {ui.percent(row.genre_coverage)}, mood coverage "
        f"{ui.percent(row.mood_coverage)}: the share of the streams the similarities stand on."
    )

    st.subheader("Artists you share most")
    shared = fetch(snapshot, queries.pair_shared_artists, user.user_id, other.user_id)
    shared = shared[shared.period == period]
    if shared.empty:
        ui.no_data("shared artists")
    else:
        both = pd.concat(
            [
                shared.assign(listener=user.username)[["artist_name", "share", "listener"]],
                shared.assign(listener=other.username, share=shared.other_share)[
                    ["artist_name", "share", "listener"]
                ],
            ]
        )
        ui.show_chart(
            charts.grouped_bars(
                both,
                label="artist_name",
                value="share",
                group="listener",
                value_title="Share of the listener's streams",
            )
        )

    st.subheader("Top genres side by side (the last 90 days of each)")
    tops = pd.concat(
        [
            fetch(snapshot, queries.top_genres_window, listener.user_id, 10).assign(
                listener=listener.username
            )
            for listener in (user, other)
        ]
    )
    ranked = tops[tops.has_enough_coverage.fillna(False).astype(bool)]
    if ranked.empty:
        ui.no_data("genre ranking with enough classified listening")
    else:
        ui.show_chart(
            charts.grouped_bars(
                ranked,
                label="name",
                value="share",
                group="listener",
                value_title="Share of classified streams",
            )
        )
    for listener in (user, other):
        mine = tops[tops.listener == listener.username]
        if not mine.empty and not bool(mine.has_enough_coverage.iloc[0]):
            st.warning(
                f"{listener.username}: not enough classified listening "
                f"({ui.percent(mine.coverage.iloc[0])}) to rank genres."
            )


render(ui.page_context())
