"""What every page shares: the run's context (snapshot, listeners, dates) and small UI pieces."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import altair as alt
import streamlit as st

from fetchers.dashboard.snapshot import OpenSnapshot

CONTEXT_KEY = "_dashboard_context"


@dataclass(frozen=True)
class Listener:
    user_id: str
    username: str
    timezone: str
    first_day: date
    last_day: date


@dataclass(frozen=True)
class PageContext:
    """Set by the entry point before the page runs; valid for this run only."""

    snapshot: OpenSnapshot
    listeners: tuple[Listener, ...]
    user: Listener
    other: Listener | None
    start: date
    end: date


def page_context() -> PageContext:
    context = st.session_state.get(CONTEXT_KEY)
    if not isinstance(context, PageContext):
        st.error("Open the dashboard with `python -m fetchers dashboard`.")
        st.stop()
    return context


def require_marts(context: PageContext, *marts: str) -> None:
    """Stop the page with what to run when the snapshot predates the marts it needs."""
    missing = context.snapshot.missing(*marts)
    if missing:
        names = ", ".join(f"`marts.{name}`" for name in missing)
        st.info(
            f"This page reads {names}, which the published snapshot does not hold yet. "
            "Run `dbt build` with the current project (it publishes when it succeeds), "
            "then reload."
        )
        st.stop()


# Room for a chart's title, axis labels and legend around the plot's own height.
CHART_FRAME_PX = 90


def show_chart(chart: alt.TopLevelMixin, height: int | None = None) -> None:
    """Full width, at the plot height the chart asks for plus its frame.

    Streamlit's theme otherwise fits charts into a default height, which squeezes bars and
    heatmap rows of long category lists.
    """
    if height is None:
        plot = getattr(chart, "height", None)
        height = plot + CHART_FRAME_PX if isinstance(plot, int) else None
    if height is None:
        st.altair_chart(chart, width="stretch")
    else:
        st.altair_chart(chart, width="stretch", height=height)


def percent(value: float | None) -> str:
    return "-" if value is None or value != value else f"{value:.0%}"


def coverage_caption(
    coverage: float | None, facet: str, counts: tuple[int, int] | None = None
) -> None:
    """The denominator next to a genre or mood figure: how much listening it stands on."""
    detail = f" ({counts[0]:,} of {counts[1]:,} streams)" if counts else ""
    st.caption(
        f"Coverage {percent(coverage)}{detail}: the share of streams with a {facet} "
        "distribution, which these figures stand on."
    )


def not_enough_classified(coverage: float | None) -> None:
    st.warning(
        f"Not enough classified listening ({percent(coverage)}) to rank anything here. "
        "Enrichment classifies more tracks: `python -m fetchers enrich`, then `dbt build`."
    )


def left_out_caption(count: int, periods: str, coverage: float | None) -> None:
    """Periods not drawn because too little of them is classified, with their coverage."""
    if count:
        st.caption(
            f"{count} {periods} left out: not enough classified listening ({percent(coverage)}; "
            "the dbt var `min_coverage_to_rank`)."
        )


def no_data(what: str) -> None:
    st.info(f"No {what} for this listener in the chosen dates.")
