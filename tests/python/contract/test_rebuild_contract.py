"""CONTRACT: `play_id` is deterministic so reloading changes nothing; `--timezone` given later
moves a user's local times (and the days their rollups are in); `is_stream` follows the dbt var
`min_stream_ms` (`dbt build --vars '{min_stream_ms: 10000}'`). Checked on one warehouse built,
then rebuilt incrementally after each change, and finally against a `--full-refresh` build."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pytest

from fetchers.dbt_runner import DbtOutcome, run_dbt

from .data import (
    ALICE,
    ALICE_ZONE,
    BOB,
    HOSTILE_ALBUM,
    HOSTILE_ARTIST,
    URI_A,
    alice_rows,
    ingest,
    query,
    write,
    write_enrichment,
    write_exports,
)

FACT = (
    "select play_id, track_id, album_id, played_at, ended_at, played_at_local, ms_played, "
    "is_stream from marts.fact_plays order by play_id"
)
ROLLUP_TABLES = (
    "agg_user_genre_daily",
    "agg_user_genre_monthly",
    "agg_user_mood_daily",
    "agg_user_mood_monthly",
    "agg_user_album_yearly",
)
TEN_SECONDS = ["--vars", "{min_stream_ms: 10000}"]
LATER = datetime(2025, 6, 1, tzinfo=timezone.utc)


def _rollup(warehouse: Path, table: str) -> list[tuple]:
    columns = [
        row[0]
        for row in query(
            warehouse,
            "select column_name from information_schema.columns where table_schema = 'marts' "
            "and table_name = ? and column_name not in ('source_fingerprint') order by 1",
            [table],
        )
    ]
    rows = query(warehouse, f"select {', '.join(columns)} from marts.{table}")
    return sorted(tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows)


@dataclass
class History:
    root: Path
    warehouse: Path
    first: list[tuple] = field(default_factory=list)
    landing_first: int = 0
    outcomes: dict[str, DbtOutcome] = field(default_factory=dict)
    after_reload: list[tuple] = field(default_factory=list)
    landing_after_reload: int = 0
    after_timezone: list[tuple] = field(default_factory=list)
    bob_days_after_timezone: set[date] = field(default_factory=set)
    after_vars: list[tuple] = field(default_factory=list)
    rollups_after_vars: dict[str, list[tuple]] = field(default_factory=dict)
    full_refresh: Path | None = None
    merged_album_ids: set[str] = field(default_factory=set)

    def build(self, step: str, *extra: str, warehouse: Path | None = None) -> DbtOutcome:
        outcome = run_dbt(
            ["build", *extra],
            duckdb_path=warehouse or self.warehouse,
            target_path=self.root / f"target_{step}",
            quiet=True,
        )
        self.outcomes[step] = outcome
        return outcome


COMPILATION = "c0c0c0c0-0000-4000-8000-000000000002"


def _merge_albums(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse)) as connection:
        connection.executemany(
            "insert into landing.album_matches values (?, ?, ?, null, 'Both', 'Various', "
            "'search', 0.9, null, ?)",
            [
                ["Even Artist", "Even", COMPILATION, LATER],
                [HOSTILE_ARTIST, HOSTILE_ALBUM, COMPILATION, LATER],
            ],
        )


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    root = tmp_path_factory.mktemp("contract_rebuild")
    exports = write_exports(root / "in")
    run = History(root, root / "warehouse.duckdb")
    assert (
        ingest(
            run.warehouse,
            exports.alice_extended,
            exports.alice_account,
            "--user",
            ALICE,
            "--timezone",
            ALICE_ZONE,
        ).exit_code
        == 0
    )
    assert ingest(run.warehouse, exports.bob_extended, "--user", BOB).exit_code == 0
    write_enrichment(run.warehouse)
    run.build("first")
    run.first = query(run.warehouse, FACT)
    run.landing_first = query(run.warehouse, "select count(*) from landing.streaming_history")[0][0]

    # a re-export: rows reordered, file boundaries moved, other file names
    rows = list(reversed(alice_rows()))
    write(root / "reexport" / "endsong_0.json", rows[:7])
    write(root / "reexport" / "Streaming_History_Audio_2023-2024_1.json", rows[7:], indent=4)
    assert ingest(run.warehouse, root / "reexport", "--user", ALICE).exit_code == 0
    run.build("reload")
    run.after_reload = query(run.warehouse, FACT)
    run.landing_after_reload = query(
        run.warehouse, "select count(*) from landing.streaming_history"
    )[0][0]

    # bob says later where he lives
    assert (
        ingest(
            run.warehouse, exports.bob_extended, "--user", BOB, "--timezone", "Asia/Tokyo"
        ).exit_code
        == 0
    )
    run.build("timezone")
    run.after_timezone = query(run.warehouse, FACT)
    run.bob_days_after_timezone = {
        row[0]
        for row in query(
            run.warehouse,
            "select d.day from marts.agg_user_genre_daily as d "
            "join marts.dim_users as u using (user_id) where u.username = ?",
            [BOB],
        )
    }

    # enrichment later finds that two export albums are one release (a compilation), and a
    # shorter stream threshold
    _merge_albums(run.warehouse)
    run.build("vars", *TEN_SECONDS)
    run.merged_album_ids = {
        row[0]
        for row in query(
            run.warehouse,
            "select distinct f.album_id from marts.fact_plays as f join marts.dim_tracks as t "
            "using (track_id) where t.spotify_track_uri = ? or t.track_name like 'E_'",
            [URI_A],
        )
    }
    run.after_vars = query(run.warehouse, FACT)
    run.rollups_after_vars = {t: _rollup(run.warehouse, t) for t in ROLLUP_TABLES}

    # the same warehouse built from scratch
    run.full_refresh = root / "full_refresh.duckdb"
    shutil.copyfile(run.warehouse, run.full_refresh)
    run.build("full_refresh", "--full-refresh", *TEN_SECONDS, warehouse=run.full_refresh)
    return run


@pytest.mark.parametrize("step", ["first", "reload", "timezone"])
def test_each_build_succeeds(history: History, step: str) -> None:
    outcome = history.outcomes[step]
    assert outcome.success, "\n".join(outcome.failures)


def test_build_with_another_min_stream_ms_succeeds(history: History) -> None:
    outcome = history.outcomes["vars"]
    assert outcome.success, "\n".join(outcome.failures)


def test_reloading_a_reordered_reexport_changes_nothing(history: History) -> None:
    assert history.landing_after_reload == history.landing_first
    assert history.after_reload == history.first


def test_a_later_timezone_moves_local_times_only(history: History) -> None:
    bob = {
        row[0]
        for row in query(
            history.warehouse,
            "select f.play_id from marts.fact_plays as f join marts.dim_users as u "
            "using (user_id) where u.username = ?",
            [BOB],
        )
    }
    before = {row[0]: row for row in history.after_reload}
    for row in history.after_timezone:
        old = before.pop(row[0])
        assert row[:5] == old[:5] and row[6:] == old[6:]  # all but played_at_local
        if row[0] in bob:
            assert row[5] - old[5] == (datetime(2000, 1, 1, 9) - datetime(2000, 1, 1))
        else:
            assert row[5] == old[5]
    assert not before
    # bob's stream started 2023-05-03 23:29Z: 2023-05-04 08:29 in Tokyo
    assert history.bob_days_after_timezone == {date(2023, 5, 4)}


def test_is_stream_follows_min_stream_ms_on_an_incremental_build(history: History) -> None:
    wrong = [row for row in history.after_vars if row[7] != (row[6] >= 10_000)]
    assert not wrong


def test_incremental_builds_equal_a_full_refresh(history: History) -> None:
    assert history.full_refresh is not None
    outcome = history.outcomes["full_refresh"]
    assert outcome.success, "\n".join(outcome.failures)
    assert query(history.full_refresh, FACT) == history.after_vars
    for table, rows in history.rollups_after_vars.items():
        assert _rollup(history.full_refresh, table) == rows, table


def test_albums_merged_by_later_enrichment_reach_fact_plays(history: History) -> None:
    assert len(history.merged_album_ids) == 1
    assert history.merged_album_ids == {
        query(
            history.warehouse,
            "select album_id from marts.dim_albums where musicbrainz_release_id = ?",
            [COMPILATION],
        )[0][0]
    }


def test_threshold_change_reaches_rollups(history: History) -> None:
    # alice's 29 999 ms play of 2024-10-27 is a stream at 10 s: two plays that local day
    plays = dict(
        query(
            history.warehouse,
            "select d.day, sum(d.plays) from marts.agg_user_genre_daily as d "
            "join marts.dim_users as u using (user_id) where u.username = ? group by d.day",
            [ALICE],
        )
    )
    assert plays[date(2024, 10, 27)] == pytest.approx(2.0)


def test_landing_json_not_touched(history: History) -> None:
    # the re-export files are valid JSON of the same rows (sanity of the scenario itself)
    files = sorted((history.root / "reexport").iterdir())
    total = sum(len(json.loads(f.read_text(encoding="utf-8"))) for f in files)
    assert total == len(alice_rows())
