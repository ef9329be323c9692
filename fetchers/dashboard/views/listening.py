"""How you listen: sessions and their length, skips, discovery, and streaks of consecutive days."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fetchers.dashboard import charts, queries
from fetchers.dashboard.data import fetch
from fetchers.dashboard.ui import PageContext, no_data, page_context, require_marts, show_chart

MARTS = (
    "agg_user_listening_daily",
    "agg_user_listening_monthly",
    "fact_sessions",
    "agg_user_streaks",
)


def render(context: PageContext) -> None:
    st.title("How you listen")
    require_marts(context, *MARTS)
    snapshot, user = context.snapshot, context.user
    span = (user.user_id, context.start, context.end)

    monthly = fetch(snapshot, queries.listening_monthly, *span)
    sessions = fetch(snapshot, queries.session_lengths, *span)
    if monthly.empty:
        no_data("listening")
        return
    streak = fetch(snapshot, queries.streak_summary, user.user_id)
    columns = st.columns(4)
    columns[0].metric("Sessions", f"{len(sessions):,}", help="Runs of plays with short gaps.")
    columns[1].metric(
        "Median session", f"{sessions.minutes.median():,.0f} min" if len(sessions) else "-"
    )
    if streak.longest_streak_days.notna().all():
        columns[2].metric("Longest streak", f"{int(streak.longest_streak_days.iloc[0]):,} days")
        columns[3].metric(
            "Current streak",
            f"{int(streak.current_streak_days.iloc[0]):,} days",
            help="As of the last play.",
        )

    st.subheader("Sessions")
    left, right = st.columns(2)
    with left:
        show_chart(
            charts.bars_over_time(
                monthly, x="month", y="sessions", title="Sessions per month", y_title="Sessions"
            )
        )
    with right:
        if sessions.empty:
            no_data("sessions")
        else:
            show_chart(
                charts.histogram(
                    sessions[sessions.minutes <= sessions.minutes.quantile(0.99)],
                    field="minutes",
                    title="How long sessions last (longest 1% left out)",
                    x_title="Minutes",
                )
            )

    st.subheader("Skips and discovery")
    show_chart(
        charts.lines_over_time(
            monthly,
            x="month",
            series={
                "skip_rate": "Skip rate",
                "discovery_rate": "Discovery rate",
                "repeat_rate": "Repeat rate",
            },
            title="Skips per play, new artists per artist streamed, streams of known tracks",
            y_title="Rate",
            value_format="%",
        )
    )

    st.subheader("Streak calendar")
    daily = fetch(snapshot, queries.listening_daily, *span)
    # the last three years: a calendar of every day of a long history would be unreadable
    recent = daily[daily.day >= daily.day.max() - pd.Timedelta(days=3 * 366)]
    years = pd.to_datetime(recent.day).dt.year.nunique()
    show_chart(
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


render(page_context())
