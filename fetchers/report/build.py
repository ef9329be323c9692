"""One listener's report as a single HTML file: the dashboard's queries and charts, offline.

The charts are Vega-Lite specs drawn in the browser by the Vega libraries, which are inlined
from the bundle vl-convert ships (no CDN, no network): the file opens anywhere, keeps its
tooltips, and can be mailed or archived as it is.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone

import altair as alt
import duckdb
import pandas as pd
import vl_convert

from fetchers.dashboard import charts, queries
from fetchers.dashboard.shaping import overall_coverage, with_enough_coverage
from fetchers.dashboard.snapshot import OpenSnapshot

# Vega-Lite of the specs Altair writes ("v6.4.1" -> "6.4"), so the inlined library matches.
VEGA_LITE_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
CHART_WIDTH = 760


class UnknownUserError(LookupError):
    """No listener of that name in the published marts."""


@dataclass(frozen=True)
class Section:
    title: str
    parts: list[str]


def build_report(
    snapshot: OpenSnapshot,
    username: str,
    *,
    javascript: Callable[[], str] | None = None,
) -> str:
    """The whole HTML document for `username` (raises UnknownUserError naming known users)."""
    listeners = queries.users(snapshot.connection)
    match = listeners[listeners.username == username]
    if match.empty:
        known = ", ".join(listeners.username) or "none yet"
        raise UnknownUserError(f"No listener named {username!r} in the marts. Known: {known}.")
    user = match.iloc[0]
    start, end = pd.Timestamp(user.first_day).date(), pd.Timestamp(user.last_day).date()
    charts_out: list[dict[str, object]] = []
    context = _Context(snapshot, str(user.user_id), start, end, charts_out)
    sections = [_overview(context), _trends(context), _heatmaps(context), _albums(context)]
    bundle = (javascript or _vega_bundle)()
    return _document(
        username, str(user.timezone), start, end, snapshot, sections, charts_out, bundle
    )


def _vega_bundle() -> str:
    return vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)


@dataclass
class _Context:
    snapshot: OpenSnapshot
    user_id: str
    start: date
    end: date
    specs: list[dict[str, object]]

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        return self.snapshot.connection

    def chart(self, chart: alt.TopLevelMixin) -> str:
        """A placeholder for the chart; its spec is drawn by the script at the end."""
        self.specs.append(chart.properties(width=CHART_WIDTH).to_dict())
        return f'<div class="chart" id="chart-{len(self.specs) - 1}"></div>'


def _overview(context: _Context) -> Section:
    span = (context.connection, context.user_id, context.start, context.end)
    totals = queries.listening_totals(*span).iloc[0]
    coverage = queries.coverage_totals(*span).iloc[0]
    parts = [
        _figures(
            [
                ("Streams", f"{int(totals.streams):,}"),
                ("Hours", f"{totals.hours:,.0f}"),
                ("Active days", f"{int(totals.active_days):,}"),
                ("Tracks", f"{int(totals.tracks):,}"),
                ("Genre coverage", _percent(coverage.genre_coverage)),
                ("Mood coverage", _percent(coverage.mood_coverage)),
            ]
        )
    ]
    if context.snapshot.has("rpt_user_insights"):
        sentences = queries.insights(context.connection, context.user_id)
        if not sentences.empty:
            items = "".join(
                f"<li>{html.escape(row.sentence)}{_sentence_coverage(row.coverage)}</li>"
                for row in sentences.head(12).itertuples()
            )
            parts.append(f"<h3>In words</h3><ul class='insights'>{items}</ul>")
    for facet, query in (
        ("genres", queries.top_genres_window),
        ("moods", queries.top_moods_window),
    ):
        top = query(context.connection, context.user_id, 10)
        parts.append(f"<h3>Top {facet}, last 90 days</h3>")
        if top.empty:
            parts.append(f"<p class='note'>No classified stream in the window: no {facet}.</p>")
        elif not bool(top.has_enough_coverage.iloc[0]):
            parts.append(_not_enough(top.coverage.iloc[0]))
        else:
            first = top.iloc[0]
            window = f"{first.window_start_date:%d %b %Y} to {first.window_end_date:%d %b %Y}"
            parts.append(
                context.chart(
                    charts.ranking_bars(top, "name", "share", window, "Share of classified")
                )
            )
            parts.append(_coverage_note(first.coverage, facet.rstrip("s")))
    monthly = queries.monthly_streams(*span)
    if not monthly.empty:
        parts.append(
            context.chart(
                charts.bars_over_time(
                    monthly, x="month", y="streams", title="Streams per month", y_title="Streams"
                )
            )
        )
    return Section("Overview", parts)


def _trends(context: _Context) -> Section:
    span = (context.connection, context.user_id, context.start, context.end)
    parts: list[str] = []
    for frame, legend, title, facet in (
        (queries.monthly_genre_shares(*span, 8), "Genre", "Monthly genre shares", "genre"),
        (
            queries.monthly_family_shares(*span).rename(columns={"family": "name"}),
            "Family",
            "Monthly genre family shares",
            "genre",
        ),
        (queries.monthly_mood_shares(*span, 8), "Mood", "Monthly mood shares", "mood"),
    ):
        enough = with_enough_coverage(frame)
        if frame.empty:
            continue
        if enough.empty:
            parts.append(_not_enough(overall_coverage(frame)))
            continue
        parts.append(context.chart(charts.share_area(enough, "name", title, legend)))
        parts.append(_coverage_note(overall_coverage(enough), facet))
    drift = with_enough_coverage(queries.genre_drift(*span))
    if not drift.empty:
        recent = drift.sort_values("month", ascending=False).head(12)
        parts.append("<h3>Genre drift, the last twelve months compared</h3>")
        parts.append(
            _table(
                ["Month", "Divergence", "Rose most", "by", "Fell most", "by"],
                (
                    [
                        f"{row.month:%b %Y}",
                        f"{row.js_divergence:.3f}",
                        row.rose_most or "",
                        _points(row.rose_by),
                        row.fell_most or "",
                        _points(row.fell_by),
                    ]
                    for row in recent.itertuples()
                ),
            )
        )
    return Section("Trends", parts or ["<p class='note'>No classified listening yet.</p>"])


def _heatmaps(context: _Context) -> Section:
    span = (context.connection, context.user_id, context.start, context.end)
    parts = [context.chart(charts.hour_weekday_heatmap(queries.hour_by_weekday(*span)))]
    for frame, period, facet, build in (
        (queries.family_by_week(*span), "week", "genre", charts.family_week_heatmap),
        (
            queries.mood_by_hour(context.connection, context.user_id),
            "hour",
            "mood",
            charts.mood_hour_heatmap,
        ),
    ):
        enough = with_enough_coverage(frame)
        if frame.empty:
            continue
        if enough.empty:
            parts.append(_not_enough(overall_coverage(frame, period)))
            continue
        parts.append(context.chart(build(enough)))
        parts.append(_coverage_note(overall_coverage(enough, period), facet))
    return Section("Heatmaps", parts)


def _albums(context: _Context) -> Section:
    albums = queries.albums(
        context.connection, context.user_id, context.start.year, context.end.year, ""
    )
    if albums.empty:
        return Section("Albums", ["<p class='note'>No album streamed yet.</p>"])
    best = albums.sort_values(
        ["median_plays_per_track", "completion", "streams"], ascending=False
    ).head(25)
    return Section(
        "Albums",
        [
            "<p class='note'>Per local year; every track of an album counts, played or not. "
            "The 25 album-years with the highest median streams per track.</p>",
            _table(
                ["Year", "Album", "Artist", "Tracks", "Played", "Completion", "Median"],
                (
                    [
                        str(row.year),
                        row.album or "",
                        row.artist or "",
                        f"{int(row.tracks):,}",
                        f"{int(row.tracks_played):,}",
                        _percent(row.completion),
                        f"{row.median_plays_per_track:.1f}",
                    ]
                    for row in best.itertuples()
                ),
            ),
        ],
    )


def _percent(value: float | None) -> str:
    return "-" if value is None or value != value else f"{value:.0%}"


def _points(value: float | None) -> str:
    return "" if value is None or value != value else f"{100 * value:+.1f} pts"


def _sentence_coverage(coverage: float | None) -> str:
    if coverage is None or coverage != coverage:
        return ""
    return f" <span class='note'>(stands on {_percent(coverage)} classified listening)</span>"


def _not_enough(coverage: float | None) -> str:
    return f"<p class='warning'>Not enough classified listening ({_percent(coverage)}).</p>"


def _coverage_note(coverage: float | None, facet: str) -> str:
    return (
        f"<p class='note'>Coverage {_percent(coverage)}: the share of streams with a {facet} "
        "distribution, which these figures stand on.</p>"
    )


def _figures(figures: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<div class='figure'><div class='value'>{html.escape(value)}</div>"
        f"<div class='label'>{html.escape(label)}</div></div>"
        for label, value in figures
    )
    return f"<div class='figures'>{cells}</div>"


def _table(headers: list[str], rows: Iterable[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(header)}</th>" for header in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2933;
       max-width: 900px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { margin-bottom: 0.2rem; } h2 { border-bottom: 2px solid #2a9d8f; padding-bottom: 0.2rem;
       margin-top: 2.5rem; } h3 { margin-top: 1.6rem; }
.meta, .note { color: #6b7785; font-size: 0.9rem; }
.warning { background: #fff4e5; border-left: 4px solid #e76f51; padding: 0.5rem 0.8rem; }
.figures { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: 1rem 0; }
.figure .value { font-size: 1.8rem; font-weight: 600; } .figure .label { color: #6b7785; }
.insights li { margin: 0.2rem 0; }
.chart { margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #e4e7eb; }
th { background: #f5f7fa; }
"""


def _document(
    username: str,
    timezone_name: str,
    start: date,
    end: date,
    snapshot: OpenSnapshot,
    sections: list[Section],
    specs: list[dict[str, object]],
    bundle: str,
) -> str:
    body = "".join(
        f"<section><h2>{html.escape(section.title)}</h2>{''.join(section.parts)}</section>"
        for section in sections
    )
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    published = (
        f"{snapshot.published_at:%Y-%m-%d %H:%M} UTC" if snapshot.published_at else "unknown"
    )
    # "</" inside a script would end it early: JSON escapes the slash
    specs_json = json.dumps(specs, default=str).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(username)}'s listening</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{html.escape(username)}'s listening</h1>
<p class="meta">{start:%d %b %Y} to {end:%d %b %Y}, local time ({html.escape(timezone_name)}).
Published marts of {published} (snapshot {html.escape(snapshot.snapshot_id)}); report written
{generated}. Every genre and mood figure says how much of the listening it stands on.</p>
{body}
<script>{bundle}</script>
<script>
const specs = {specs_json};
specs.forEach((spec, index) => {{
  vegaEmbed("#chart-" + index, spec, {{actions: false, renderer: "svg"}});
}});
</script>
</body>
</html>
"""
