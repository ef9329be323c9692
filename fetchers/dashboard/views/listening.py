"""How you listen: sessions and their length, skips, discovery, and streaks of consecutive days."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fetchers.dashboard import charts, queries, ui
from fetchers.dashboard.data import fetch

MARTS = (
    "agg_user_listening_daily",
    "agg_user_listening_monthly",
    "fact_sessions",
    "agg_user_streaks",
)


def render(context: ui.PageContext) -> None:
    st.title("How you listen")
    ui.require_marts(context, *MARTS)
    snapshot, user = context.snapshot, context.user
    span = (user.user_id, context.start, context.end)

    monthly = fetch(snapshot, queries.listening_monthly, *span)
    daily = fetch(snapshot, queries.listening_daily, *span)
    sessions = fetch(snapshot, queries.session_lengths, *span)
    if monthly.empty:
        ui.no_data("listening")
        return
    streak = fetch(snapshot, queries.streak_summary, user.user_id)
    columns = st.columns(4)
    columns[0].metric("Sessions", f"{len(sessions):,}", help="Runs of plays with short gaps.")
    columns[1].metric(
        "Median session", f"{sessions.minutes.median():,.0f} min" if len(sessions) else "-"
    )
    if streak.longest_streak_days.notna().all():
        columns[2].metric("Longest streak", _days(streak.longest_streak_days.iloc[0]))
        columns[3].metric(
            "Current streak", _days(streak.current_streak_days.iloc[0]), help="As of the last play."
        )

    st.subheader("Sessions")
    left, right = st.columns(2)
    with left:
        ui.show_chart(
            charts.bars_over_time(
                _sessions_per_day(daily),
                x="month",
                y="sessions",
                title="Sessions per listening day, monthly average",
                y_title="Sessions a day",
                value_format=",.1f",
            )
        )
    with right:
        if sessions.empty:
            ui.no_data("sessions")
        else:
            ui.show_chart(
                charts.histogram(
                    sessions[sessions.minutes <= sessions.minutes.quantile(0.99)],
                    field="minutes",
                    title="How long sessions last (longest 1% left out)",
                    x_title="Minutes",
                )
            )

    st.subheader("Skips and discovery")
    left, right = st.columns(2)
    for column, field, label, title in (
        (left, "skip_rate", "Skip rate", "Skipped plays per play, by month"),
        (right, "discovery_rate", "Discovery rate", "New artists per artist streamed, by month"),
    ):
        with column:
            ui.show_chart(
                charts.lines_over_time(
                    monthly,
                    x="month",
                    series={field: label},
                    title=title,
                    y_title=label,
                    value_format="%",
                )
            )

    st.subheader("Streak calendar")
    # the last three years: a calendar of every day of a long history would be unreadable
    recent = daily[daily.day >= daily.day.max() - pd.Timedelta(days=3 * 366)]
    years = pd.to_datetime(recent.day).dt.year.nunique()
    ui.show_chart(
        charts.calendar(recent, value="streams", title="Streams per day", value_title="Streams"),
        height=60 + 170 * max(years, 1),
    )
    longest = fetch(snapshot, queries.streaks, user.user_id, 10)
    st.markdown("**Longest streaks**")
    st.dataframe(
        longest,
        hide_index=True,
        column_config={
            "streak_start": st.column_config.DateColumn("From"),
            "streak_end": st.column_config.DateColumn("To"),
            "days": st.column_config.NumberColumn("Days"),
        },
    )


def _days(value: object) -> str:
    days = int(value)
    return f"{days:,} day" if days == 1 else f"{days:,} days"


def _sessions_per_day(daily: pd.DataFrame) -> pd.DataFrame:
    """Mean sessions per day with a play, per month (the daily mart has a row per such day)."""
    months = pd.to_datetime(daily.day).dt.to_period("M").dt.to_timestamp()
    return daily.assign(month=months).groupby("month", as_index=False).sessions.mean()


render(ui.page_context())
