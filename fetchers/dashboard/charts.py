"""Altair chart builders shared by the dashboard and the HTML report: data in, chart out.

One palette and one set of conventions for every chart, so that the pages look like one product:
shares are percentages, time runs left to right, every mark has a tooltip, "other" is grey.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from fetchers.dashboard.queries import OTHER

# A calm categorical palette (colour-blind friendly order); "other" is always the grey.
CATEGORY_COLOURS = (
    "#2a9d8f",
    "#e76f51",
    "#264653",
    "#e9c46a",
    "#8ab17d",
    "#b5838d",
    "#457b9d",
    "#f4a261",
    "#6d597a",
    "#a8dadc",
)
OTHER_COLOUR = "#c9c9c9"
ACCENT = "#2a9d8f"
SECOND_ACCENT = "#e76f51"
SEQUENTIAL_SCHEME = "tealblues"
CHART_HEIGHT = 320
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


MONTH_AXIS = alt.Axis(format="%b %Y", labelAngle=0, tickCount=8)
PERCENT_AXIS = alt.Axis(format="%", tickCount=5)
NAME_AXIS = alt.Axis(labelOverlap=False, labelLimit=180)


def _percent(field: str, title: str) -> alt.Tooltip:
    return alt.Tooltip(field, title=title, format=".0%")


def category_order(frame: pd.DataFrame, category: str, weight: str) -> list[str]:
    """Categories by total weight, largest first, with "other" last (stable colours per chart)."""
    totals = frame.groupby(category)[weight].sum().sort_values(ascending=False)
    names = [name for name in totals.index if name != OTHER]
    return names + ([OTHER] if OTHER in totals.index else [])


def category_scale(order: Sequence[str]) -> alt.Scale:
    colours = []
    palette = iter(CATEGORY_COLOURS * (len(order) // len(CATEGORY_COLOURS) + 1))
    for name in order:
        colours.append(OTHER_COLOUR if name == OTHER else next(palette))
    return alt.Scale(domain=list(order), range=colours)


def complete_months(frame: pd.DataFrame, category: str) -> pd.DataFrame:
    """Every category in every month (0 where absent), so that the stacked areas do not break."""
    months = frame[["month", "coverage"]].drop_duplicates("month")
    grid = months.merge(pd.DataFrame({category: frame[category].unique()}), how="cross")
    values = frame[["month", category, "share", "plays"]]
    return grid.merge(values, on=["month", category], how="left").fillna({"share": 0, "plays": 0})


def share_area(frame: pd.DataFrame, category: str, title: str, legend_title: str) -> alt.Chart:
    """Monthly shares of categories as stacked areas summing to 100%."""
    order = category_order(frame, category, "plays")
    return (
        alt.Chart(complete_months(frame, category), title=title)
        .mark_area(opacity=0.9, interpolate="linear")
        .encode(
            x=alt.X("yearmonth(month):T", title="Month"),
            y=alt.Y("share:Q", title="Share of classified streams", stack="normalize").axis(
                format="%"
            ),
            color=alt.Color(f"{category}:N", title=legend_title, scale=category_scale(order)),
            order=alt.Order("color_rank:Q"),
            tooltip=[
                alt.Tooltip("yearmonth(month):T", title="Month"),
                alt.Tooltip(f"{category}:N", title=legend_title),
                _percent("share", "Share"),
                alt.Tooltip("plays:Q", title="Weighted streams", format=",.1f"),
                _percent("coverage", "Coverage of the month"),
            ],
        )
        .transform_calculate(color_rank=f"indexof({order!r}, datum['{category}'])")
        .properties(height=CHART_HEIGHT)
    )


def ranking_bars(
    frame: pd.DataFrame, label: str, value: str, title: str, value_title: str
) -> alt.Chart:
    """Horizontal bars, largest on top, value as a percentage."""
    return (
        alt.Chart(frame, title=title)
        .mark_bar(color=ACCENT, cornerRadiusEnd=3)
        .encode(
            x=alt.X(f"{value}:Q", title=value_title, axis=PERCENT_AXIS),
            y=alt.Y(f"{label}:N", title=None, sort="-x", axis=NAME_AXIS),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=label.capitalize()),
                _percent(value, value_title),
            ],
        )
        .properties(height=max(120, 26 * len(frame)))
    )


def heatmap(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    title: str,
    x_title: str,
    y_title: str,
    value_title: str,
    value_format: str,
    x_type: str = "O",
    x_end: str | None = None,
    y_sort: Sequence[str] | None = None,
    tooltip_extra: Sequence[alt.Tooltip] = (),
) -> alt.Chart:
    """A rect heatmap with a sequential colour scale and a tooltip per cell.

    A temporal x needs `x_end` (each cell's end), or the cells would have no width.
    """
    x_axis = MONTH_AXIS if x_type == "T" else alt.Axis(labelAngle=0)
    x_encodings = {"x": alt.X(f"{x}:{x_type}", title=x_title, axis=x_axis)}
    if x_end is not None:
        x_encodings["x2"] = alt.X2(f"{x_end}:{x_type}")
    return (
        alt.Chart(frame, title=title)
        .mark_rect(cornerRadius=2)
        .encode(
            **x_encodings,
            y=alt.Y(f"{y}:N", title=y_title, sort=list(y_sort) if y_sort else None, axis=NAME_AXIS),
            color=alt.Color(
                f"{value}:Q", title=value_title, scale=alt.Scale(scheme=SEQUENTIAL_SCHEME)
            ).legend(format=value_format),
            tooltip=[
                alt.Tooltip(f"{y}:N", title=y_title),
                alt.Tooltip(f"{x}:{x_type}", title=x_title),
                alt.Tooltip(f"{value}:Q", title=value_title, format=value_format),
                *tooltip_extra,
            ],
        )
        .properties(height=max(CHART_HEIGHT // 2, 22 * frame[y].nunique()))
    )


def lines_over_time(
    frame: pd.DataFrame,
    *,
    x: str,
    series: dict[str, str],
    title: str,
    y_title: str,
    value_format: str = ",.2f",
    x_title: str = "Month",
) -> alt.Chart:
    """One line per column in `series` (column -> legend label), with points and tooltips."""
    long = frame.melt(id_vars=[x], value_vars=list(series), var_name="measure", value_name="value")
    long["measure"] = long["measure"].map(series)
    order = list(series.values())
    return (
        alt.Chart(long, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{x}:T", title=x_title, axis=MONTH_AXIS),
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=value_format, tickCount=5)),
            color=alt.Color("measure:N", title=None, scale=category_scale(order)),
            tooltip=[
                alt.Tooltip(f"{x}:T", title=x_title),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value:Q", title="Value", format=value_format),
            ],
        )
        .properties(height=CHART_HEIGHT)
    )


def bars_over_time(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    title: str,
    y_title: str,
    time_unit: str = "yearmonth",
    value_format: str = ",.0f",
) -> alt.Chart:
    return (
        alt.Chart(frame, title=title)
        .mark_bar(color=ACCENT)
        .encode(
            x=alt.X(
                f"{time_unit}({x}):T",
                title="Month" if time_unit == "yearmonth" else "Day",
                axis=MONTH_AXIS,
            ),
            y=alt.Y(f"{y}:Q", title=y_title),
            tooltip=[
                alt.Tooltip(f"{time_unit}({x}):T", title="When"),
                alt.Tooltip(f"{y}:Q", title=y_title, format=value_format),
            ],
        )
        .properties(height=CHART_HEIGHT // 2 + 40)
    )


def mood_path(frame: pd.DataFrame, title: str) -> alt.LayerChart:
    """The monthly mood point on the valence-arousal plane, joined in time order."""
    axis_scale = alt.Scale(domain=[-1, 1])
    base = alt.Chart(frame).encode(
        x=alt.X("valence:Q", title="Valence (negative → positive)", scale=axis_scale),
        y=alt.Y("arousal:Q", title="Arousal (calm → energetic)", scale=axis_scale),
    )
    path = base.mark_line(color=OTHER_COLOUR, strokeWidth=1.5).encode(order="month:T")
    points = base.mark_circle(size=90, opacity=0.9).encode(
        color=alt.Color("month:T", title="Month", scale=alt.Scale(scheme=SEQUENTIAL_SCHEME)).legend(
            format="%b %Y"
        ),
        tooltip=[
            alt.Tooltip("yearmonth(month):T", title="Month"),
            alt.Tooltip("valence:Q", format="+.2f"),
            alt.Tooltip("arousal:Q", format="+.2f"),
            _percent("coverage", "Mood coverage"),
        ],
    )
    zero = pd.DataFrame({"zero": [0]})
    rules = alt.Chart(zero).mark_rule(color="#999999", strokeDash=[4, 4]).encode(x="zero:Q")
    rules_y = alt.Chart(zero).mark_rule(color="#999999", strokeDash=[4, 4]).encode(y="zero:Q")
    return alt.layer(rules, rules_y, path, points, title=title).properties(height=CHART_HEIGHT + 80)


def diverging_bars(frame: pd.DataFrame, *, label: str, value: str, title: str) -> alt.Chart:
    """Rises right in the accent colour, falls left in the second accent (share points)."""
    return (
        alt.Chart(frame, title=title)
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            x=alt.X(
                f"{value}:Q",
                title="Change in share (points)",
                axis=alt.Axis(format="+%", tickCount=5),
            ),
            y=alt.Y(f"{label}:N", title=None, sort="-x", axis=NAME_AXIS),
            color=alt.condition(
                f"datum['{value}'] > 0", alt.value(ACCENT), alt.value(SECOND_ACCENT)
            ),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=label.capitalize()),
                alt.Tooltip(f"{value}:Q", title="Change", format="+.1%"),
                _percent("previous_share", "Before"),
                _percent("share", "After"),
            ],
        )
        .properties(height=max(120, 26 * len(frame)))
    )


def histogram(frame: pd.DataFrame, *, field: str, title: str, x_title: str, bins: int = 30):
    return (
        alt.Chart(frame, title=title)
        .mark_bar(color=ACCENT)
        .encode(
            x=alt.X(f"{field}:Q", title=x_title, bin=alt.Bin(maxbins=bins)),
            y=alt.Y("count():Q", title="Sessions"),
            tooltip=[
                alt.Tooltip(f"{field}:Q", title=x_title, bin=alt.Bin(maxbins=bins)),
                alt.Tooltip("count():Q", title="Sessions"),
            ],
        )
        .properties(height=CHART_HEIGHT // 2 + 40)
    )


def calendar(frame: pd.DataFrame, *, value: str, title: str, value_title: str) -> alt.Chart:
    """Days as a GitHub-style calendar: weeks across, weekdays down, one row per year."""
    return (
        alt.Chart(frame, title=title)
        .mark_rect(cornerRadius=2)
        .encode(
            x=alt.X("week(day):O", title=None).axis(format="%b", labelAngle=0),
            y=alt.Y("day(day):O", title=None),
            color=alt.Color(
                f"{value}:Q", title=value_title, scale=alt.Scale(scheme=SEQUENTIAL_SCHEME)
            ),
            row=alt.Row("year(day):O", title=None),
            tooltip=[
                alt.Tooltip("day:T", title="Day", format="%a %d %b %Y"),
                alt.Tooltip(f"{value}:Q", title=value_title, format=",.0f"),
            ],
        )
        .properties(height=130)
    )


def grouped_bars(
    frame: pd.DataFrame, *, label: str, value: str, group: str, value_title: str
) -> alt.Chart:
    """Horizontal bars of two (or more) groups side by side per label, as percentages."""
    groups = list(dict.fromkeys(frame[group]))
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadiusEnd=3)
        .encode(
            x=alt.X(f"{value}:Q", title=value_title, axis=PERCENT_AXIS),
            y=alt.Y(f"{label}:N", title=None, sort="-x", axis=NAME_AXIS),
            yOffset=alt.YOffset(f"{group}:N", sort=groups),
            color=alt.Color(f"{group}:N", title=None, scale=category_scale(groups)),
            tooltip=[
                alt.Tooltip(f"{group}:N", title="Listener"),
                alt.Tooltip(f"{label}:N", title=label.capitalize()),
                _percent(value, "Share"),
            ],
        )
        .properties(height=max(160, 30 * frame[label].nunique()))
    )


# ------------------------------------------------------------------ the heatmaps of the product


def hour_weekday_heatmap(grid: pd.DataFrame) -> alt.Chart:
    return heatmap(
        grid,
        x="hour",
        y="weekday",
        value="streams",
        title="Streams by local hour and weekday",
        x_title="Hour of day (local)",
        y_title="Weekday",
        value_title="Streams",
        value_format=",.0f",
        y_sort=WEEKDAYS,
        tooltip_extra=[alt.Tooltip("hours:Q", title="Hours", format=",.1f")],
    )


def family_week_heatmap(weekly: pd.DataFrame) -> alt.Chart:
    return heatmap(
        weekly,
        x="week",
        x_end="week_end",
        y="family",
        value="share",
        title="Each genre family's share of the week's classified streams",
        x_title="ISO week",
        y_title="Family",
        value_title="Share",
        value_format=".0%",
        x_type="T",
        tooltip_extra=[
            alt.Tooltip("iso_week:O", title="ISO week number"),
            _percent("coverage", "Coverage of the week"),
        ],
    )


def mood_hour_heatmap(hourly: pd.DataFrame) -> alt.Chart:
    return heatmap(
        hourly,
        x="hour",
        y="mood",
        value="share",
        title="Each mood's share of the hour's classified streams (all your listening)",
        x_title="Hour of day (local)",
        y_title="Mood",
        value_title="Share",
        value_format=".0%",
        tooltip_extra=[_percent("coverage", "Coverage of the hour")],
    )
