"""The frame around every page: page list, snapshot, listener and date pickers in the sidebar.

Runs once per Streamlit run (every interaction or reload): opens the published snapshot for the
run, puts the context where the page finds it, runs the selected page, closes the snapshot.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from fetchers.dashboard import queries
from fetchers.dashboard.data import fetch
from fetchers.dashboard.snapshot import (
    WHAT_TO_RUN,
    OpenSnapshot,
    SnapshotMissingError,
    open_snapshot,
    publish_dir_from_env,
)
from fetchers.dashboard.ui import CONTEXT_KEY, Listener, PageContext

# not `pages/`: Streamlit would take that folder for its older multipage layout
PAGES_DIR = Path(__file__).resolve().parent / "views"
# (file, title, icon): one page per question, in the order a listener reads them
PAGES = (
    ("overview.py", "Overview", ":material/dashboard:"),
    ("trends.py", "Trends", ":material/trending_up:"),
    ("heatmaps.py", "Heatmaps", ":material/grid_on:"),
    ("diversity.py", "Diversity", ":material/diversity_3:"),
    ("albums.py", "Albums", ":material/album:"),
    ("listening.py", "How you listen", ":material/headphones:"),
    ("compare.py", "Compare", ":material/compare_arrows:"),
    ("why_genre.py", "Why this genre", ":material/manage_search:"),
    ("data_quality.py", "Data quality", ":material/fact_check:"),
)


def main() -> None:
    st.set_page_config(page_title="Listening", page_icon=":material/headphones:", layout="wide")
    navigation = st.navigation(
        [
            st.Page(PAGES_DIR / file, title=title, icon=icon, default=index == 0)
            for index, (file, title, icon) in enumerate(PAGES)
        ]
    )
    st.session_state.pop(CONTEXT_KEY, None)
    publish_dir = publish_dir_from_env()
    try:
        with open_snapshot(publish_dir) as snapshot:
            context = _context(snapshot)
            if context is None:
                return
            st.session_state[CONTEXT_KEY] = context
            try:
                navigation.run()
            finally:
                st.session_state.pop(CONTEXT_KEY, None)
    except SnapshotMissingError:
        _nothing_published(publish_dir)
    except duckdb.Error as error:
        st.title("The published snapshot could not be read")
        st.error(f"{error}")
        st.markdown(f"Publish it again: `python -m fetchers publish` (folder `{publish_dir}`).")


def _nothing_published(publish_dir: Path) -> None:
    st.title("Nothing to show yet")
    st.info(f"No published marts in `{publish_dir}`: {WHAT_TO_RUN}. Then reload this page.")
    st.markdown("To try it with the bundled sample (offline, about two minutes):")
    st.code("python -m fetchers demo", language="sh")
    st.markdown("With your own Spotify export:")
    st.code(
        "python -m fetchers ingest ~/Downloads/my_spotify_data.zip --user NAME --timezone TZ\n"
        "python -m fetchers enrich\n"
        "dbt build",
        language="sh",
    )


def _listeners(snapshot: OpenSnapshot) -> tuple[Listener, ...]:
    frame = fetch(snapshot, queries.users)
    return tuple(
        Listener(
            user_id=row.user_id,
            username=row.username,
            timezone=row.timezone or "UTC",
            first_day=_as_date(row.first_day),
            last_day=_as_date(row.last_day),
        )
        for row in frame.itertuples()
    )


def _as_date(value: object) -> date:
    return pd.Timestamp(value).date()


def _context(snapshot: OpenSnapshot) -> PageContext | None:
    listeners = _listeners(snapshot)
    if not listeners:
        st.title("No listening in the published marts yet")
        st.info(
            "The snapshot was published from a warehouse without plays. Load an export "
            "(`python -m fetchers ingest PATH --user NAME`) and run `dbt build`, or run "
            "`python -m fetchers demo`; then reload."
        )
        return None
    by_name = {listener.username: listener for listener in listeners}
    sidebar = st.sidebar
    sidebar.title(":material/headphones: Listening")
    username = sidebar.selectbox("Listener", list(by_name), key="listener")
    user = by_name[username]
    others = [name for name in by_name if name != username]
    other_name = sidebar.selectbox(
        "Compare with",
        others,
        key="other_listener",
        help="The second listener of the Compare page.",
        disabled=not others,
    )
    other = by_name.get(other_name) if other_name else None
    # one widget per listener: switching listener shows that listener's own range
    picked = sidebar.date_input(
        "Dates (local)",
        value=(user.first_day, user.last_day),
        min_value=user.first_day,
        max_value=user.last_day,
        key=f"dates-{user.user_id}",
        format="YYYY-MM-DD",
    )
    start, end = _date_range(picked, user)
    published = snapshot.published_at
    sidebar.caption(
        f"Published snapshot {published:%Y-%m-%d %H:%M} UTC · reload after a build for new data"
        if published is not None
        else "Published snapshot · reload after a build for new data"
    )
    return PageContext(
        snapshot=snapshot, listeners=listeners, user=user, other=other, start=start, end=end
    )


def _date_range(picked: object, user: Listener) -> tuple[date, date]:
    """The picked range; while only the first day is picked, up to the listener's last day."""
    days = list(picked) if isinstance(picked, (tuple, list)) else [picked]
    days = [day for day in days if isinstance(day, date)]
    if not days:
        return user.first_day, user.last_day
    return days[0], days[1] if len(days) > 1 else user.last_day
