"""What the demo prints at the end: a few real answers read from the marts (read-only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from fetchers.config import load_environment
from fetchers.publish.location import publish_dir_for
from fetchers.warehouse import connect


@dataclass
class DemoSummary:
    counts: dict[str, int] = field(default_factory=dict)
    username: str | None = None
    window: tuple[str, str] | None = None
    top_genres: list[tuple[int, str, float]] = field(default_factory=list)
    top_moods: list[tuple[int, str, float]] = field(default_factory=list)
    albums: list[tuple[int, str, str, int, int, float]] = field(default_factory=list)
    genre_coverage: float | None = None
    # coverage of the 90-day window per facet, and whether it is enough to rank (dbt var
    # min_coverage_to_rank): below it the summary says so instead of ranking
    window_coverage: dict[str, tuple[float, bool]] = field(default_factory=dict)
    # every user: (username, [sentences in page order]) from marts.rpt_user_insights
    insights: list[tuple[str, list[str]]] = field(default_factory=list)
    # every user: (username, sessions, streams per session, skip rate, longest streak, current)
    habits: list[tuple[str, int, float, float | None, int, int]] = field(default_factory=list)
    # the most compatible pair of all time: (user, other, compatibility, shared artists)
    closest_pair: tuple[str, str, float, int] | None = None


_COUNTS = {
    "users": "select count(*) from marts.dim_users",
    "music plays": "select count(*) from marts.fact_plays",
    "streams": "select count(*) from marts.fact_plays where is_stream",
    "podcast and audiobook plays": "select count(*) from marts.fact_episode_plays",
    "tracks": "select count(*) from marts.dim_tracks",
    "tracks identified on MusicBrainz": (
        "select count(*) from marts.dim_tracks where musicbrainz_recording_id is not null"
    ),
    "albums with a full track list": (
        "select count(*) from marts.dim_albums where track_count is not null"
    ),
    "tag evidence rows": "select count(*) from marts.tag_evidence",
    "tracks with a genre distribution": "select count(distinct track_id) from marts.track_genres",
}


def _scalar(connection: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    row = connection.execute(sql, params or []).fetchone()
    return None if row is None else row[0]


def summarise(duckdb_path: Path, username: str | None = None) -> DemoSummary:
    """Read the demo's answers for one user (default: the user with the most streams)."""
    summary = DemoSummary()
    connection = connect(duckdb_path, read_only=True)
    try:
        for label, sql in _COUNTS.items():
            summary.counts[label] = int(_scalar(connection, sql) or 0)
        user = connection.execute(
            """
            select u.user_id, u.username
            from marts.dim_users as u
            inner join marts.fact_plays as f on u.user_id = f.user_id
            where f.is_stream and (? is null or u.username = ?)
            group by u.user_id, u.username
            order by count(*) desc, u.username
            limit 1
            """,
            [username, username],
        ).fetchone()
        if user is None:
            return summary
        user_id, summary.username = user
        _answers_for(connection, user_id, summary)
        _everyone(connection, summary)
    finally:
        connection.close()
    return summary


def _answers_for(connection: duckdb.DuckDBPyConnection, user_id: str, summary: DemoSummary) -> None:
    window = connection.execute(
        "select min(window_start_date), max(window_end_date) from marts.agg_user_top_genres_90d "
        "where user_id = ?",
        [user_id],
    ).fetchone()
    if window and window[0] is not None:
        summary.window = (str(window[0]), str(window[1]))
    for facet in ("genre", "mood"):
        row = connection.execute(
            f"select any_value(coverage), bool_and(has_enough_coverage) "
            f"from marts.agg_user_top_{facet}s_90d where user_id = ?",
            [user_id],
        ).fetchone()
        if row is not None and row[0] is not None:
            summary.window_coverage[facet] = (float(row[0]), bool(row[1]))
    summary.top_genres = connection.execute(
        """
        select genre_rank, genre_name, share
        from marts.agg_user_top_genres_90d
        where user_id = ? and genre_rank <= 5 and has_enough_coverage
        order by genre_rank, genre_name
        """,
        [user_id],
    ).fetchall()
    summary.top_moods = connection.execute(
        """
        select mood_rank, mood_name, share
        from marts.agg_user_top_moods_90d
        where user_id = ? and mood_rank <= 5 and has_enough_coverage
        order by mood_rank, mood_name
        """,
        [user_id],
    ).fetchall()
    summary.albums = connection.execute(
        """
        select a.year, al.album_name, al.album_artist_name, a.album_track_count,
               a.tracks_played, a.median_plays_per_track
        from marts.agg_user_album_yearly as a
        inner join marts.dim_albums as al on a.album_id = al.album_id
        where a.user_id = ? and a.album_track_count > 1
        order by a.median_plays_per_track desc, a.plays desc, al.album_name
        limit 5
        """,
        [user_id],
    ).fetchall()
    coverage = connection.execute(
        "select sum(streams_with_genre) / sum(stream_count) from marts.agg_user_coverage_monthly "
        "where user_id = ?",
        [user_id],
    ).fetchone()
    summary.genre_coverage = None if coverage is None else coverage[0]


def _everyone(connection: duckdb.DuckDBPyConnection, summary: DemoSummary) -> None:
    """What the demo says about every user: their insight sentences and how they listen, and
    which two listeners are closest."""
    sentences: dict[str, list[str]] = {}
    for username, sentence in connection.execute(
        """
        select u.username, i.sentence
        from marts.rpt_user_insights as i
        inner join marts.dim_users as u on i.user_id = u.user_id
        order by u.username, i.rank
        """
    ).fetchall():
        sentences.setdefault(username, []).append(sentence)
    summary.insights = sorted(sentences.items())
    summary.habits = [
        (str(name), int(sessions), float(per_session), rate, int(longest), int(current))
        for name, sessions, per_session, rate, longest, current in connection.execute(
            """
            select
                u.username,
                count(s.session_id),
                coalesce(avg(s.streams), 0),
                sum(s.skips) / nullif(sum(s.plays), 0),
                u.longest_streak_days,
                u.current_streak_days
            from marts.dim_users as u
            inner join marts.fact_sessions as s on u.user_id = s.user_id
            group by u.username, u.longest_streak_days, u.current_streak_days
            order by u.username
            """
        ).fetchall()
    ]
    pair = connection.execute(
        """
        select u.username, o.username, c.compatibility, c.shared_artists
        from marts.agg_user_pair_compatibility as c
        inner join marts.dim_users as u on c.user_id = u.user_id
        inner join marts.dim_users as o on c.other_user_id = o.user_id
        where c.period = 'all_time' and u.username < o.username and c.compatibility is not null
        order by c.compatibility desc, u.username, o.username
        limit 1
        """
    ).fetchone()
    summary.closest_pair = None if pair is None else (pair[0], pair[1], float(pair[2]), pair[3])


def format_summary(summary: DemoSummary, duckdb_path: Path) -> str:
    lines = ["What the marts hold:"]
    lines += [f"  {label:<34} {value:>8,}" for label, value in summary.counts.items()]
    if summary.username is None:
        lines.append("No streams yet: nothing to say about anyone.")
        return "\n".join(lines)
    lines.append("")
    span = f" ({summary.window[0]} to {summary.window[1]})" if summary.window else ""
    lines.append(f"For {summary.username}, the last 90 days of listening{span}:")
    coverage = summary.window_coverage
    lines.append("  top genres: " + _ranked(summary.top_genres, coverage.get("genre")))
    lines.append("  top moods:  " + _ranked(summary.top_moods, coverage.get("mood")))
    if summary.genre_coverage is not None:
        lines.append(f"  streams with a genre distribution: {summary.genre_coverage:.0%}")
    if summary.albums:
        lines.append("Albums with the highest median plays per track (every track counted):")
        for year, album, artist, tracks, played, median in summary.albums:
            lines.append(
                f"  {year}  {album} - {artist}: median {median:g} over {tracks} tracks "
                f"({played} played)"
            )
    if summary.habits:
        lines.append("How everyone listens:")
        for name, sessions, per_session, rate, longest, current in summary.habits:
            skips = "-" if rate is None else f"{rate:.0%}"
            lines.append(
                f"  {name}: {sessions:,} sessions of {per_session:.1f} streams on average, "
                f"skip rate {skips}, longest streak {longest} days (current {current})"
            )
    if summary.closest_pair:
        user, other, score, shared = summary.closest_pair
        lines.append(
            f"Closest listeners: {user} and {other} (compatibility {score:.2f}, "
            f"{shared} artists in common)"
        )
    for name, sentences in summary.insights:
        lines.append(f"In words, for {name}:")
        lines += [f"  - {sentence}" for sentence in sentences]
    lines.append("")
    lines.append(
        "See it: python -m fetchers dashboard (charts of every mart), python -m fetchers report "
        "--user NAME (one HTML file). Query it: the marts are published read-only to "
        f"{publish_dir_for(duckdb_path, load_environment())} as marts.duckdb and Parquet files; "
        "`dbt docs generate && dbt docs serve` for the lineage."
    )
    return "\n".join(lines)


def _ranked(rows: list[tuple[int, str, float]], coverage: tuple[float, bool] | None) -> str:
    """The ranking, or why there is none: a ranking from too little classified listening
    (below the dbt var min_coverage_to_rank) would be a confident answer from almost nothing."""
    if coverage is None:
        return "none yet (no distribution for these streams)"
    share, enough = coverage
    if not enough:
        return f"not enough classified listening ({share:.0%} of the streams) to rank"
    if not rows:
        return "none yet (no distribution for these streams)"
    ranked = ", ".join(f"{rank}. {name} {share:.0%}" for rank, name, share in rows)
    return f"{ranked} ({coverage[0]:.0%} of the streams classified)"
