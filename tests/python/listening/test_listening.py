"""End to end for the listening marts: generated exports of several users are ingested with two
files held back and built; then the late files arrive, another user's files are loaded again and
a third user's time zone changes, and the build is incremental. Every figure of fact_sessions,
the daily and monthly listening marts, streaks, artist loyalty and pair compatibility is compared
with an independent computation from the raw files (tests/python/listening/expected.py), and
the incremental result with a full refresh.

One module-scoped pipeline (a few thousand plays): the builds are the slow part.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.dbt_runner import run_dbt
from fetchers.generate.generator import GenerateOptions, Manifest, generate_exports

from . import expected as exp

LISTENING_MARTS = (
    "fact_sessions",
    "agg_user_listening_daily",
    "agg_user_listening_monthly",
    "agg_user_streaks",
    "agg_user_artist_loyalty_monthly",
    "agg_user_pair_compatibility",
    "agg_user_pair_shared_artists",
)
# what the builds select: the listening marts, the two wired marts and everything upstream, with
# the tests whose every parent is selected
SELECTION = [
    "--select", "+models/marts/listening", "+fact_plays", "+dim_users",
    "--indirect-selection", "cautious",
]  # fmt: skip
LISTENING_MODELS = ["--select", "models/intermediate/listening", "models/marts/listening"]


@dataclass
class Warehouse:
    manifest: Manifest
    path: Path  # where dbt builds (one path: a new DUCKDB_PATH would make dbt parse again)
    target: Path
    timezones: dict[str, str]
    incremental: Path | None = None  # a copy of the warehouse as the incremental builds left it

    def ingest(self, username: str, files: list[str]) -> None:
        out = Path(self.manifest.out_dir)
        result = CliRunner().invoke(
            cli,
            [
                "ingest",
                *[str(out / f) for f in files],
                "--user",
                username,
                "--timezone",
                self.timezones[username],
            ],
            env={"DUCKDB_PATH": str(self.path)},
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output

    def dbt(self, command: str, *args: str, path: Path | None = None) -> None:
        outcome = run_dbt(
            [command, *args], duckdb_path=path or self.path, target_path=self.target, quiet=True
        )
        assert outcome.success, "\n".join(outcome.failures)

    def query(self, sql: str, path: Path | None = None) -> list[tuple]:
        """Query the incremental result (or `path`)."""
        with duckdb.connect(
            str(path or self.incremental or self.path), read_only=True
        ) as connection:
            return connection.execute(sql).fetchall()

    def marts(self, path: Path | None = None) -> dict[str, list[tuple]]:
        """Every listening mart's rows, sorted, for comparing two builds."""
        return {
            name: sorted(
                self.query(f"select * from marts.{name}", path), key=lambda r: tuple(map(str, r))
            )
            for name in LISTENING_MARTS
        }


def _history_files(manifest: Manifest) -> dict[str, list[str]]:
    """Each user's history files (not the export folders: two files are held back)."""
    owner = {Path(p).parts[0]: u.username for u in manifest.users for p in u.ingest_paths}
    files: dict[str, list[str]] = {u.username: [] for u in manifest.users}
    for written in manifest.history_files():
        files[owner[Path(written.path).parts[0]]].append(written.path)
    return files


def _late_files(files: dict[str, list[str]]) -> dict[str, str]:
    """Two files to load late: an endsong file of one user (endsong rows are in no order, so its
    plays are scattered over years of sessions) and the middle file of another user's
    time-ordered export (a span inside the history). Both fall inside and between sessions."""
    late: dict[str, str] = {}
    for username, paths in files.items():
        endsong = sorted(p for p in paths if Path(p).name.startswith("endsong"))
        if len(endsong) > 1:
            late[username] = endsong[1]
            break
    for username, paths in files.items():
        ordered = sorted(p for p in paths if "Streaming_History_Audio" in p)
        if username not in late and len(ordered) > 2:
            late[username] = ordered[len(ordered) // 2]
            break
    return late


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    root = tmp_path_factory.mktemp("listening")
    manifest = generate_exports(
        root / "exports",
        users=4,
        plays=3_200,
        seed=11,
        # generations never overlap (mixed users split their history at the endsong export's
        # end; re-exports repeat one generation): content dedupe is the whole of "one play, once"
        options=GenerateOptions(
            formats=("endsong_era", "2025", "account_data", "2024"), rows_per_file=150
        ),
    )
    built = Warehouse(
        manifest,
        root / "warehouse.duckdb",
        root / "target",
        {u.username: u.timezone for u in manifest.users},
    )
    files = _history_files(manifest)
    late = _late_files(files)
    assert len(late) == 2, late
    for username, paths in files.items():
        built.ingest(username, [p for p in paths if p != late.get(username)])
    # no tests on the first build: the second one runs them on the state the tests check
    built.dbt("build", *SELECTION, "--exclude-resource-type", "test", "unit_test")
    # late files, every file of another user loaded again (nothing new in those), and the last
    # user moved to UTC+14 (every local day and session day of theirs moves)
    reloaded, moved = [u for u in files if u not in late]
    built.timezones[moved] = "Pacific/Kiritimati"
    built.ingest(moved, files[moved][:1])
    for username, path in late.items():
        built.ingest(username, [path])
    built.ingest(reloaded, files[reloaded])
    built.dbt("build", *SELECTION)  # incremental, with every test of these models
    zones = dict(built.query("select username, timezone from marts.dim_users"))
    assert zones[moved] == "Pacific/Kiritimati"
    # keep the incremental result aside (same file name: views name their catalog by it), then
    # rebuild the listening models from scratch where dbt builds
    built.incremental = root / "incremental" / built.path.name
    built.incremental.parent.mkdir()
    shutil.copy(built.path, built.incremental)
    built.dbt("run", "--full-refresh", *LISTENING_MODELS)
    return built


@pytest.fixture(scope="module")
def plays(warehouse: Warehouse) -> dict[str, list[exp.Play]]:
    computed = exp.music_plays(warehouse.manifest, warehouse.timezones)
    for username, user_plays in computed.items():
        assert exp.starts_ties(user_plays) == 0, f"{username}: plays sharing a start"
    return computed


@pytest.fixture(scope="module")
def users(warehouse: Warehouse) -> dict[str, str]:
    return dict(warehouse.query("select user_id, username from marts.dim_users"))


@pytest.fixture(scope="module")
def artist_ids(warehouse: Warehouse) -> dict[str, str]:
    rows = warehouse.query("select lower(trim(artist_name)), artist_id from marts.dim_artists")
    return dict(rows)


def _close(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is want
    return math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-15)


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)


def test_sessions_match_independent_computation(
    warehouse: Warehouse, plays: dict[str, list[exp.Play]], users: dict[str, str]
) -> None:
    rows = warehouse.query(
        "select user_id, started_at, ended_at, started_date_local, plays, streams, ms_played, "
        "distinct_tracks, distinct_artists, skips from marts.fact_sessions"
    )
    got = sorted((users[r[0]], exp.Session(_utc(r[1]), _utc(r[2]), r[3], *r[4:])) for r in rows)
    want = sorted((u, s) for u, user_plays in plays.items() for s in exp.sessions(user_plays))
    assert got == want
    # the data exercises what the definition is about
    assert any(s.started_at.date() != s.ended_at.date() for _, s in want)
    assert sum(1 for _, s in want if s.plays > 1) > len(want) / 2


def test_every_play_has_its_session(
    warehouse: Warehouse, plays: dict[str, list[exp.Play]], users: dict[str, str]
) -> None:
    rows = warehouse.query(
        "select f.user_id, f.played_at, s.started_at from marts.fact_plays f "
        "left join marts.fact_sessions s using (session_id)"
    )
    got = sorted((users[u], _utc(p), _utc(s) if s else None) for u, p, s in rows)
    want = sorted(
        (u, p.played_at, start)
        for u, user_plays in plays.items()
        for p, start in zip(user_plays, exp.session_starts(user_plays), strict=True)
    )
    assert got == want


def _period_rows(
    warehouse: Warehouse, users: dict[str, str], mart: str, key: str
) -> dict[tuple[str, date], dict[str, object]]:
    with duckdb.connect(str(warehouse.incremental), read_only=True) as connection:
        frame = connection.execute(f"select * from marts.{mart}").fetchdf()
    result = {}
    for record in frame.to_dict("records"):
        values = {
            k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in record.items()
        }
        period = values.pop(key)
        values.pop("month", None)
        values.pop("days_listened", None)
        result[(users[values.pop("user_id")], period.date())] = values
    return result


@pytest.mark.parametrize(("mart", "key", "which"), [
    ("agg_user_listening_daily", "day", 0),
    ("agg_user_listening_monthly", "month", 1),
])  # fmt: skip
def test_listening_periods_match_independent_computation(
    warehouse: Warehouse,
    plays: dict[str, list[exp.Play]],
    users: dict[str, str],
    mart: str,
    key: str,
    which: int,
) -> None:
    got = _period_rows(warehouse, users, mart, key)
    want = {
        (username, period): row.row()
        for username, user_plays in plays.items()
        for period, row in exp.listening_periods(user_plays)[which].items()
    }
    assert got.keys() == want.keys()
    for period, row in want.items():
        assert {k: got[period][k] for k in row} == row, period
    # the data exercises the definitions: unknown skip flags, repeats, discoveries
    assert any(r["skips"] and r["reason_end_fwdbtn"] for r in want.values())
    assert any(r["new_artists"] for r in want.values())
    assert any(r["repeat_rate"] not in (None, 0.0) for r in want.values())


def test_streaks_and_dim_users_match_independent_computation(
    warehouse: Warehouse, plays: dict[str, list[exp.Play]], users: dict[str, str]
) -> None:
    rows = warehouse.query(
        "select user_id, streak_start, streak_end, days from marts.agg_user_streaks"
    )
    got = sorted((users[u], start, end, days) for u, start, end, days in rows)
    want = sorted((u, *s) for u, user_plays in plays.items() for s in exp.streaks(user_plays))
    assert got == want
    assert any(days > 1 for *_, days in want)
    summary = warehouse.query(
        "select username, longest_streak_days, current_streak_days from marts.dim_users"
    )
    assert {u: (longest, current) for u, longest, current in summary} == {
        u: (max(s[2] for s in exp.streaks(p)), exp.current_streak(p)) for u, p in plays.items()
    }


def test_artist_loyalty_matches_independent_computation(
    warehouse: Warehouse,
    plays: dict[str, list[exp.Play]],
    users: dict[str, str],
    artist_ids: dict[str, str],
) -> None:
    rows = warehouse.query(
        "select user_id, month, streams, top_artist_streams, loyalty_share, "
        "previous_top_artists, top_artists_entered, top_artists_left "
        "from marts.agg_user_artist_loyalty_monthly"
    )
    got = {(users[r[0]], r[1]): tuple(r[2:]) for r in rows}
    want = {
        (u, month): figures
        for u, user_plays in plays.items()
        for month, figures in exp.loyalty(user_plays, artist_ids).items()
    }
    assert got == want
    assert any(f[5] > 0 for f in want.values())  # artists leave the top 20


def test_pair_compatibility_matches_independent_computation(
    warehouse: Warehouse,
    plays: dict[str, list[exp.Play]],
    users: dict[str, str],
    artist_ids: dict[str, str],
) -> None:
    rows = warehouse.query(
        "select user_id, other_user_id, period, artist_overlap, shared_artists, shared_tracks, "
        "streams, other_streams, compatibility, genre_similarity, mood_similarity "
        "from marts.agg_user_pair_compatibility"
    )
    names = {artist_id: name for name, artist_id in artist_ids.items()}
    shared = warehouse.query(
        "select user_id, other_user_id, period, artist_id from marts.agg_user_pair_shared_artists "
        "order by artist_rank"
    )
    top: dict[tuple[str, str, str], list[str]] = {}
    for mine, theirs, period, artist_id in shared:
        top.setdefault((users[mine], users[theirs], period), []).append(names[artist_id])
    assert len(rows) == len(plays) * (len(plays) - 1) * 2
    for mine, theirs, period, overlap, *counts, compatibility, genre, mood in rows:
        pair = (users[mine], users[theirs], period)
        want = exp.pair_figures(plays[pair[0]], plays[pair[1]], period, artist_ids)
        assert _close(overlap, want.artist_overlap), pair
        assert tuple(counts) == (
            want.shared_artists,
            want.shared_tracks,
            want.streams,
            want.other_streams,
        ), pair
        # without enrichment no track has a genre or mood: the overlap is the whole score
        assert (genre, mood) == (None, None)
        assert _close(compatibility, want.artist_overlap), pair
        assert top.get(pair, []) == want.top_shared, pair
    assert any(r[3] not in (None, 0.0) for r in rows)


def _same(got: list[tuple], want: list[tuple]) -> bool:
    """Rows equal, floats up to rounding (sums of shares depend on the order DuckDB adds)."""
    return len(got) == len(want) and all(
        len(g) == len(w)
        and all(_close(x, y) if isinstance(x, float) else x == y for x, y in zip(g, w, strict=True))
        for g, w in zip(got, want, strict=True)
    )


def test_incremental_builds_equal_a_full_refresh(warehouse: Warehouse) -> None:
    incremental, full = warehouse.marts(), warehouse.marts(warehouse.path)
    for name in LISTENING_MARTS:
        assert _same(incremental[name], full[name]), name
