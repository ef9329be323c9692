"""Albums: median streams per track per album and year, unplayed tracks included, completion."""

from __future__ import annotations

import altair as alt
import streamlit as st

from fetchers.dashboard import charts, queries, ui
from fetchers.dashboard.data import fetch

MARTS = (
    "agg_user_album_completion",
    "dim_albums",
)


def render(context: ui.PageContext) -> None:
    user = context.user
    st.title("Albums")
    ui.require_marts(context, *MARTS)
    st.caption(
        "Per local year, every album with a stream: all its tracks count, played or not, so an "
        "album you only dip into has a low median. Completion is the share of its tracks played."
    )
    search = st.text_input("Search album or artist", key="album_search").strip()
    frame = fetch(
        context.snapshot,
        queries.albums,
        user.user_id,
        context.start.year,
        context.end.year,
        search,
    )
    if frame.empty:
        ui.no_data("albums" + (f" matching “{search}”" if search else ""))
        return
    table = frame.assign(completion=frame.completion * 100)
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "year": st.column_config.NumberColumn("Year", format="%d"),
            "album": "Album",
            "artist": "Artist",
            "tracks": st.column_config.NumberColumn("Tracks", help="Tracks counted"),
            "tracks_played": st.column_config.NumberColumn("Played"),
            "completion": st.column_config.ProgressColumn(
                "Completion", format="%.0f%%", min_value=0.0, max_value=100.0
            ),
            "streams": st.column_config.NumberColumn("Streams"),
            "median_plays_per_track": st.column_config.NumberColumn(
                "Median streams per track", format="%.1f"
            ),
        },
    )
    st.caption(f"{len(frame):,} album-years; click a column header to sort.")
    ui.show_chart(
        alt.Chart(frame, title="Completion against median streams per track")
        .mark_circle(color=charts.ACCENT, opacity=0.7)
        .encode(
            x=alt.X("completion:Q", title="Completion").axis(format="%"),
            y=alt.Y("median_plays_per_track:Q", title="Median streams per track"),
            size=alt.Size("streams:Q", title="Streams"),
            tooltip=[
                alt.Tooltip("album:N", title="Album"),
                alt.Tooltip("artist:N", title="Artist"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("completion:Q", title="Completion", format=".0%"),
                alt.Tooltip("median_plays_per_track:Q", title="Median", format=".1f"),
                alt.Tooltip("streams:Q", title="Streams"),
            ],
        )
        .properties(height=charts.CHART_HEIGHT)
    )


render(ui.page_context())
