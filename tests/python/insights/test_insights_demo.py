"""marts.rpt_user_insights on the demo: every sample user gets sentences of several kinds, and each
sentence's numbers are recomputed here from the mart they come from (never from the report), with
the model's default thresholds (the `insights_*` vars and `min_coverage_to_rank`)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from datetime import date
from typing import Any

import duckdb
import pytest

from fetchers.demo.sample import sample_users

Row = dict[str, Any]

KINDS = (
    "listening_peak",
    "genre_shift",
    "new_artists",
    "taste_breadth",
    "mood_by_daypart",
    "album_completion",
    "drift_peak",
)
MIN_MONTH_STREAMS = 10
LOOKBACK_MONTHS = 12
MIN_PEAK_STREAMS = 50
MIN_SHARE_CHANGE = 0.02
MIN_DRIFT_PAIRS = 3
TREND_MONTHS = 6
MIN_TREND_MONTHS = 4
ENTROPY_DEAD_BAND = 0.02
MIN_DAYPART_STREAMS = 20
MIN_COVERAGE = 0.5
VALENCE_DEAD_BAND = 0.1
MIN_ALBUM_TRACKS = 4
MIN_ALBUMS = 3
DAYPARTS = {
    "morning": range(5, 12),
    "afternoon": range(12, 17),
    "evening": range(17, 22),
    "night": [22, 23, 0, 1, 2, 3, 4],
}


def _rows(marts: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[Row]:
    cursor = marts.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def _percent(share: float) -> str:
    # printf('%.0f%%', 100 * x) in the model: both round the binary value half to even
    return f"{100 * share:.0f}%"


def _month_index(month: date) -> int:
    return month.year * 12 + month.month - 1


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _lookback_start(marts: duckdb.DuckDBPyConnection, user_id: str) -> int:
    span = _span(marts, user_id)
    return _month_index(span[1]) - (LOOKBACK_MONTHS - 1)


def _span(marts: duckdb.DuckDBPyConnection, user_id: str) -> tuple[date, date]:
    first, last = marts.execute(
        "select min(played_date_local), max(played_date_local) from fact_plays where user_id = ?",
        [user_id],
    ).fetchone()
    return first, last


def _solid_months(marts: duckdb.DuckDBPyConnection, user_id: str) -> set[date]:
    return {
        row["month"]
        for row in _rows(
            marts,
            "select month from agg_user_coverage_monthly where user_id = ? and stream_count >= ?",
            user_id,
            MIN_MONTH_STREAMS,
        )
    }


def _genre_names(marts: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(marts.execute("select genre_id, genre_name from dim_genres").fetchall())


# ------------------------------------------------------------------------------ per kind


def check_listening_peak(marts: duckdb.DuckDBPyConnection, row: Row) -> None:
    cells = _rows(
        marts,
        "select iso_weekday, weekday_name, hour_of_day, stream_count "
        "from agg_user_listening_heatmap where user_id = ?",
        row["user_id"],
    )
    total = sum(cell["stream_count"] for cell in cells)
    per_day: dict[tuple[int, str], int] = {}
    per_hour: dict[int, int] = {}
    for cell in cells:
        key = (cell["iso_weekday"], cell["weekday_name"])
        per_day[key] = per_day.get(key, 0) + cell["stream_count"]
        per_hour[cell["hour_of_day"]] = per_hour.get(cell["hour_of_day"], 0) + cell["stream_count"]
    (_, day_name), day_streams = min(per_day.items(), key=lambda item: (-item[1], item[0]))
    hour, hour_streams = min(per_hour.items(), key=lambda item: (-item[1], item[0]))
    assert total >= MIN_PEAK_STREAMS
    assert row["value"] == pytest.approx(day_streams / total, abs=1e-9)
    assert row["detail"] == pytest.approx(hour_streams / total, abs=1e-9)
    assert f"on {day_name}s ({100 * day_streams / total:.0f}% of your streams)" in row["sentence"]
    assert (
        f"between {hour:02d}:00 and {(hour + 1) % 24:02d}:00 "
        f"({100 * hour_streams / total:.0f}% of them)"
    ) in row["sentence"]
    assert (row["period_start"], row["period_end"]) == _span(marts, row["user_id"])


def _solid_comparisons(marts: duckdb.DuckDBPyConnection, user_id: str) -> list[Row]:
    solid = _solid_months(marts, user_id)
    drift = _rows(marts, "select * from agg_user_genre_drift_monthly where user_id = ?", user_id)
    return [
        comparison
        for comparison in drift
        if comparison["has_enough_coverage"]
        and comparison["month"] in solid
        and comparison["previous_month"] in solid
    ]


def check_genre_shift(marts: duckdb.DuckDBPyConnection, row: Row) -> None:
    user_id, month = row["user_id"], row["period_start"]
    in_lookback = [
        comparison
        for comparison in _solid_comparisons(marts, user_id)
        if _month_index(comparison["month"]) >= _lookback_start(marts, user_id)
    ]
    latest = max(in_lookback, key=lambda comparison: comparison["month"])
    assert month == latest["month"]
    shifts = _rows(
        marts,
        "select * from agg_user_genre_shifts_monthly where user_id = ? and month = ?",
        user_id,
        month,
    )
    top = min(
        shifts,
        key=lambda shift: (-abs(shift["share_change"]), -shift["share_change"], shift["genre_id"]),
    )
    name = _genre_names(marts)[top["genre_id"]]
    now, before = _percent(top["share"]), _percent(top["previous_share"])
    assert (row["subject_id"], row["value"], row["detail"]) == (
        top["genre_id"],
        top["share_change"],
        top["share"],
    )
    assert row["coverage"] == min(latest["coverage"], latest["previous_coverage"])
    assert row["period_end"] == _month_end(month)
    assert row["sentence"].startswith(f"In {month:%B %Y} ")
    if abs(top["share_change"]) < MIN_SHARE_CHANGE:
        assert f"(the biggest mover, {name}, went from {before} to {now})" in row["sentence"]
        return
    points = abs(int(now[:-1]) - int(before[:-1]))
    direction = ("rose", "up") if top["share_change"] > 0 else ("fell", "down")
    assert f"{name} {direction[0]} the most in your listening: {now} " in row["sentence"]
    assert f"{direction[1]} {points} point" in row["sentence"]
    assert f"from {before} in {top['previous_month']:%B %Y}." in row["sentence"]


def check_drift_peak(marts: duckdb.DuckDBPyConnection, row: Row) -> None:
    comparisons = _solid_comparisons(marts, row["user_id"])
    peak = max(
        comparisons, key=lambda comparison: (comparison["js_divergence"], comparison["month"])
    )
    names = _genre_names(marts)
    assert len(comparisons) >= MIN_DRIFT_PAIRS
    assert (row["period_start"], row["value"], row["detail"]) == (
        peak["month"],
        peak["js_divergence"],
        len(comparisons),
    )
    assert row["period_end"] == _month_end(peak["month"])
    assert row["sentence"].startswith(f"Of {len(comparisons)} month-to-month changes")
    assert (
        f"shifted most in {peak['month']:%B %Y}: your genre mix moved "
        f"{peak['js_divergence']:.2f} away from {peak['previous_month']:%B %Y}'s"
    ) in row["sentence"]
    for side in ("rising", "falling"):
        if peak[f"top_{side}_genre_id"] is None:  # no genre rose (fell): the sentence omits it
            continue
        change = peak[f"top_{side}_share_change"]
        genre = names[peak[f"top_{side}_genre_id"]]
        assert f"{genre} {side} most ({100 * change:+.0f} points)" in row["sentence"]


def check_taste_breadth(marts: duckdb.DuckDBPyConnection, row: Row) -> None:
    user_id = row["user_id"]
    solid = _solid_months(marts, user_id)
    months = sorted(
        (
            month
            for month in _rows(
                marts, "select * from agg_user_diversity_monthly where user_id = ?", user_id
            )
            if month["month"] in solid
            and month["has_enough_genre_coverage"]
            and month["genre_entropy"] is not None
            and _month_index(month["month"]) >= _lookback_start(marts, user_id)
        ),
        key=lambda month: month["month"],
    )[-TREND_MONTHS:]
    assert len(months) >= MIN_TREND_MONTHS
    x = [_month_index(month["month"]) for month in months]
    slope, intercept = statistics.linear_regression(x, [month["genre_entropy"] for month in months])
    first, last = math.exp(intercept + slope * x[0]), math.exp(intercept + slope * x[-1])
    assert row["value"] == pytest.approx(slope, abs=1e-8)
    assert row["period_start"] == months[0]["month"]
    assert row["period_end"] == _month_end(months[-1]["month"])
    assert row["coverage"] == min(month["genre_coverage"] for month in months)
    assert row["detail"] == pytest.approx(last, rel=1e-8)
    assert (
        f"across your last {len(months)} months with enough listening "
        f"({months[0]['month']:%B %Y} to {months[-1]['month']:%B %Y})"
    ) in row["sentence"]
    if abs(slope) < ENTROPY_DEAD_BAND:
        assert row["subject_id"] == "steady"
        assert f"at about {last:.0f} equally played genres" in row["sentence"]
        return
    direction = ("widening", "rose") if slope > 0 else ("narrowing", "fell")
    assert row["sentence"].startswith(f"Your taste is {direction[0]}:")
    assert (
        f"{direction[1]} by {abs(slope):.2f} a month, from about {first:.0f} to about {last:.0f} "
    ) in row["sentence"]


def _dayparts(marts: duckdb.DuckDBPyConnection, user_id: str) -> dict[str, Row]:
    """Per daypart: streams, coverage, mean valence and the top mood with its share."""
    streams = dict(
        marts.execute(
            "select hour_of_day, sum(stream_count) from agg_user_listening_heatmap "
            "where user_id = ? group by hour_of_day",
            [user_id],
        ).fetchall()
    )
    moods = {row["mood_id"]: row for row in _rows(marts, "select * from dim_moods")}
    hourly = _rows(marts, "select * from agg_user_mood_hourly where user_id = ?", user_id)
    summary = {}
    for daypart, hours in DAYPARTS.items():
        rows = [row for row in hourly if row["hour_of_day"] in hours]
        covered = {row["hour_of_day"]: round(row["coverage"] * row["hour_streams"]) for row in rows}
        plays: dict[str, float] = {}
        for row in rows:
            plays[row["mood_id"]] = plays.get(row["mood_id"], 0.0) + row["plays"]
        total_streams = sum(streams.get(hour, 0) for hour in hours)
        if not plays or total_streams == 0:
            continue
        top = min(plays, key=lambda mood: (-plays[mood], mood))
        summary[daypart] = {
            "streams": total_streams,
            "coverage": sum(covered.values()) / total_streams,
            "valence": sum(p * moods[m]["valence"] for m, p in plays.items()) / sum(plays.values()),
            "top_mood": moods[top]["mood_name"],
            "top_share": plays[top] / sum(plays.values()),
        }
    return summary


def check_mood_by_daypart(marts: duckdb.DuckDBPyConnection, row: Row) -> None:
    eligible = {
        name: part
        for name, part in _dayparts(marts, row["user_id"]).items()
        if part["streams"] >= MIN_DAYPART_STREAMS and part["coverage"] >= MIN_COVERAGE
    }
    assert len(eligible) >= 2
    bright = max(eligible, key=lambda name: eligible[name]["valence"])
    dark = min(eligible, key=lambda name: eligible[name]["valence"])
    high, low = eligible[bright], eligible[dark]
    assert row["subject_id"] == f"{bright}/{dark}"
    assert row["value"] == pytest.approx(high["valence"], abs=1e-8)
    assert row["detail"] == pytest.approx(low["valence"], abs=1e-8)
    assert row["coverage"] == pytest.approx(min(high["coverage"], low["coverage"]), abs=1e-12)
    assert f"{high['valence']:+.2f}" in row["sentence"]
    assert f"{low['valence']:+.2f}" in row["sentence"]
    assert (row["period_start"], row["period_end"]) == _span(marts, row["user_id"])
    if high["valence"] - low["valence"] < VALENCE_DEAD_BAND:
        assert "much the same all day" in row["sentence"]
        return
    for part in (high, low):
        assert f"{part['top_mood']} " in row["sentence"]
        assert _percent(part["top_share"]) in row["sentence"]


def check_album_completion(marts: duckdb.DuckDBPyConnection, row: Row) -> None:
    year = row["period_start"].year
    albums = _rows(
        marts,
        "select c.*, a.album_artist_name from agg_user_album_completion as c "
        "inner join dim_albums as a using (album_id) "
        "where c.user_id = ? and c.year = ? and a.track_count is not null "
        "and c.album_track_count >= ?",
        row["user_id"],
        year,
        MIN_ALBUM_TRACKS,
    )
    finished = [album for album in albums if album["is_complete"]]
    assert len(albums) >= MIN_ALBUMS
    assert year >= _span(marts, row["user_id"])[1].year - 1
    assert (row["value"], row["detail"]) == (len(finished), len(albums))
    assert row["period_end"] == date(year, 12, 31)
    assert row["sentence"].startswith(f"In {year} you finished ")
    if finished:
        album = min(
            finished,
            key=lambda a: (-a["median_plays_per_track"], -a["plays"], a["album_id"]),
        )
        median = album["median_plays_per_track"]
        shown = f"{median:.0f}" if median == int(median) else f"{median:.1f}"
        assert f"you finished {len(finished)} of the {len(albums)} albums" in row["sentence"]
        assert f"{album['album_name']} by {album['album_artist_name']}" in row["sentence"]
        assert f"(a median of {shown} streams per track)" in row["sentence"]
    else:
        album = min(albums, key=lambda a: (-a["completion_share"], -a["plays"], a["album_id"]))
        assert f"you finished none of the {len(albums)} albums" in row["sentence"]
        assert (
            f"{album['album_name']} by {album['album_artist_name']} "
            f"({album['tracks_played']} of {album['album_track_count']} tracks)"
        ) in row["sentence"]
    assert row["subject_id"] == album["album_id"]


def check_new_artists(marts: duckdb.DuckDBPyConnection, row: Row) -> None:
    user_id = row["user_id"]
    first_month = _month_index(_span(marts, user_id)[0])
    months = [
        month
        for month in _rows(
            marts, "select * from agg_user_listening_monthly where user_id = ?", user_id
        )
        if month["streams"] >= MIN_MONTH_STREAMS
        and _month_index(month["month"]) >= _lookback_start(marts, user_id)
        and _month_index(month["month"]) > first_month
    ]
    month = max(months, key=lambda month: month["month"])
    assert (row["period_start"], row["value"], row["detail"]) == (
        month["month"],
        month["new_artists"],
        month["discovery_rate"],
    )
    assert row["period_end"] == _month_end(month["month"])
    assert row["sentence"].startswith(f"In {month['month']:%B %Y} ")
    if month["new_artists"] == 0:
        assert f"every one of the {month['distinct_artists']} artists" in row["sentence"]
        return
    assert f"you streamed {month['new_artists']} artist" in row["sentence"]
    assert (
        f"{_percent(month['discovery_rate'])} of the {month['distinct_artists']} artists"
    ) in row["sentence"]


CHECKS: dict[str, Callable[[duckdb.DuckDBPyConnection, Row], None]] = {
    "listening_peak": check_listening_peak,
    "genre_shift": check_genre_shift,
    "new_artists": check_new_artists,
    "taste_breadth": check_taste_breadth,
    "mood_by_daypart": check_mood_by_daypart,
    "album_completion": check_album_completion,
    "drift_peak": check_drift_peak,
}


# ------------------------------------------------------------------------------ tests


def _insights(marts: duckdb.DuckDBPyConnection) -> list[Row]:
    return _rows(
        marts,
        "select i.*, u.username from rpt_user_insights as i "
        "inner join dim_users as u using (user_id) order by u.username, i.rank",
    )


def test_every_demo_user_gets_sentences_of_several_kinds(
    marts: duckdb.DuckDBPyConnection,
) -> None:
    by_user: dict[str, list[Row]] = {}
    for row in _insights(marts):
        by_user.setdefault(row["username"], []).append(row)
    assert set(by_user) == {user.user for user in sample_users()}
    for rows in by_user.values():
        kinds = [row["kind"] for row in rows]
        assert len(kinds) >= 4, kinds
        # one page order for every user: ranks 1..n follow the fixed order of kinds
        assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))
        assert kinds == sorted(kinds, key=KINDS.index)
    assert {row["kind"] for rows in by_user.values() for row in rows} == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_each_sentence_shows_the_numbers_of_its_mart(
    marts: duckdb.DuckDBPyConnection, kind: str
) -> None:
    rows = [row for row in _insights(marts) if row["kind"] == kind]
    assert rows, f"no demo user has a {kind} sentence"
    for row in rows:
        CHECKS[kind](marts, row)
