"""CONTRACT "One play, once": people with an endsong-era export, a 2024/2025-layout export and
account data of the same listening (overlapping, plus close but distinct plays), loaded in every
order of their three exports: after each load, `marts.fact_plays` holds exactly the distinct
plays the contract's rule gives for the exports loaded so far, computed here from the raw files
(not from the SQL under test), and the incremental build equals a full refresh.

Builds are shared: every (person, order) pair is its own user in one warehouse, so the six
orders of both people take three incremental builds (one per load step), each compared with a
full refresh of a copy. The first build is a full build by definition and is not compared.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from itertools import permutations
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.dbt_runner import run_dbt
from fetchers.generate import GenerateOptions, Manifest, ManifestUser, generate_exports

ORDERS = list(permutations(range(3)))  # positions in a person's exports
# fact_plays and dim_users, everything they are built from, and the tests of those alone
SELECT = ["--select", "+fact_plays +dim_users", "--indirect-selection", "cautious"]


# --- the contract's rule, from the raw export files ---------------------------------------


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _content(row: dict[str, Any]) -> tuple[Any, ...]:
    """The content of an extended row: its URI (track, episode or chapter); names for local
    files (and rows with neither)."""
    for key in ("spotify_track_uri", "spotify_episode_uri", "audiobook_chapter_uri"):
        if row.get(key):
            return (key, row[key])
    return (
        "names",
        row.get("master_metadata_track_name"),
        row.get("master_metadata_album_artist_name"),
        row.get("master_metadata_album_album_name"),
    )


@dataclass
class RawExports:
    """One user's export files as read: the distinct rows of each extended layout (a layout is
    the sorted keys of a file's first row) and the distinct account-data music rows."""

    layouts: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)
    account: set[tuple[str, str, str, int]] = field(default_factory=set)


def read_exports(export_dirs: list[Path]) -> RawExports:
    raw = RawExports()
    texts: dict[tuple[str, ...], set[str]] = {}
    for folder in export_dirs:
        for path in sorted(folder.rglob("*.json")):
            if path.name.startswith("Streaming_History_Video"):
                continue
            rows = json.loads(path.read_text(encoding="utf-8"))
            if rows and "ts" in rows[0]:
                layout = texts.setdefault(tuple(sorted(rows[0])), set())
                layout.update(json.dumps(row, sort_keys=True) for row in rows)
            elif rows and "trackName" in rows[0]:
                raw.account.update(
                    (r["endTime"], r["artistName"], r["trackName"], r["msPlayed"]) for r in rows
                )
    for layout, rows in texts.items():
        parsed = (json.loads(text) for text in rows)
        raw.layouts[layout] = [row for row in parsed if row["master_metadata_track_name"]]
    return raw


def _minute_key(row: dict[str, Any]) -> tuple[str, str, str, int]:
    """What an account-data row of this play would say: endTime, artist, track, msPlayed."""
    return (
        _ts(row["ts"]).strftime("%Y-%m-%d %H:%M"),
        row["master_metadata_album_artist_name"],
        row["master_metadata_track_name"],
        row["ms_played"],
    )


def _unmatched_account_rows(raw: RawExports) -> int:
    extended = {_minute_key(row) for rows in raw.layouts.values() for row in rows}
    return sum(1 for row in raw.account if row not in extended)


def distinct_music_plays(raw: RawExports) -> int:
    """Music plays (rows with a track name) of one user's exports by the contract's rule:
    within a layout, rows identical in every exported field are one play; across layouts,
    the same ts, ms_played and content are one play (so a key counts as often as the layout
    with the most distinct rows of it has them); an account-data row is the extended play with
    the same names and ms_played whose ts truncated to the minute is its endTime, and is a
    play of its own when there is none."""
    per_key: dict[tuple[Any, ...], int] = {}
    for rows in raw.layouts.values():
        counts = Counter((_ts(r["ts"]), r["ms_played"], _content(r)) for r in rows)
        for key, count in counts.items():
            per_key[key] = max(per_key.get(key, 0), count)
    return sum(per_key.values()) + _unmatched_account_rows(raw)


def identical_rows_only(raw: RawExports) -> int:
    """What a dedupe of identical rows alone counts (a key missing from a layout read as
    null, account data apart): the double counting the rule exists to prevent."""
    keys = sorted({key for rows in raw.layouts.values() for row in rows for key in row})
    rows = {
        json.dumps([row.get(key) for key in keys])
        for layout in raw.layouts.values()
        for row in layout
    }
    return len(rows) + len(raw.account)


def ts_and_content_only(raw: RawExports) -> int:
    """What a too eager dedupe counts (ts and content alone, each once): close plays lost."""
    keys = {(_ts(r["ts"]), _content(r)) for rows in raw.layouts.values() for r in rows}
    return len(keys) + _unmatched_account_rows(raw)


# --- the people and the warehouse ------------------------------------------------------------


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    options = GenerateOptions(
        every_layout=True,
        first_day=datetime(2022, 1, 1).date(),
        last_day=datetime(2024, 12, 31).date(),
        rows_per_file=150,
    )
    return generate_exports(tmp_path_factory.mktemp("people"), 2, 500, seed=21, options=options)


def _user(person: ManifestUser, order: tuple[int, ...]) -> str:
    return f"{person.username} {'>'.join(person.formats[i] for i in order)}"


def _exports(people: Manifest, person: ManifestUser, indexes: tuple[int, ...]) -> list[Path]:
    return [Path(people.out_dir) / person.ingest_paths[i] for i in indexes]


def _ingest(warehouse: Path, user: str, zone: str, path: Path) -> str:
    result = CliRunner().invoke(
        cli,
        ["ingest", str(path), "--user", user, "--timezone", zone],
        env={"DUCKDB_PATH": str(warehouse)},
    )
    assert result.exit_code == 0, result.output
    return result.output


def _build(warehouse: Path, target: Path, *extra: str) -> None:
    outcome = run_dbt(["build", *SELECT, *extra], duckdb_path=warehouse, target_path=target)
    assert outcome.success, "\n".join(outcome.failures)


def _copy_warehouse(source: Path, target: Path) -> None:
    """The database file and its write-ahead log, if it has one (dbt has closed it)."""
    shutil.copyfile(source, target)
    source_wal, target_wal = Path(f"{source}.wal"), Path(f"{target}.wal")
    target_wal.unlink(missing_ok=True)
    if source_wal.exists():
        shutil.copyfile(source_wal, target_wal)


def _fact_plays(warehouse: Path) -> tuple[dict[str, int], list[tuple[Any, ...]]]:
    """(music plays per username, every fact_plays row in a stable order)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        counts = dict(
            connection.execute(
                "select u.username, count(*) from marts.fact_plays as f "
                "join marts.dim_users as u using (user_id) group by all"
            ).fetchall()
        )
        rows = connection.execute("select * from marts.fact_plays order by all").fetchall()
    return counts, rows


def test_the_people_exercise_every_part_of_the_rule(people: Manifest) -> None:
    """Their exports overlap in every layout (identical-row dedupe alone double counts) and hold
    close but distinct plays (a dedupe on ts and content alone loses some); the generator's own
    count of the plays it made agrees with the rule."""
    for person in people.users:
        assert person.formats == ["endsong_era", person.formats[1], "account_data"]
        assert person.close_plays > 0
        for one in range(3):
            alone = read_exports(_exports(people, person, (one,)))
            assert distinct_music_plays(alone) == identical_rows_only(alone)  # one layout
        raw = read_exports(_exports(people, person, (0, 1, 2)))
        rule = distinct_music_plays(raw)
        assert rule == person.music_plays
        assert identical_rows_only(raw) > rule + person.music_plays // 4
        assert ts_and_content_only(raw) < rule
        assert 0 < _unmatched_account_rows(raw) < len(raw.account)  # some match, some do not


def test_every_load_order_gives_the_distinct_plays_and_equals_a_full_refresh(
    people: Manifest, tmp_path: Path
) -> None:
    warehouse, target = tmp_path / "wh" / "warehouse.duckdb", tmp_path / "target"
    for step in range(1, 4):
        expected: dict[str, int] = {}
        for person in people.users:
            for order in ORDERS:
                user, loaded = _user(person, order), order[:step]
                _ingest(warehouse, user, person.timezone, _exports(people, person, loaded)[-1])
                expected[user] = distinct_music_plays(
                    read_exports(_exports(people, person, loaded))
                )
        _build(warehouse, target)
        counts, incremental = _fact_plays(warehouse)
        assert counts == expected, f"after load {step}: fact_plays per user differ"
        if step == 1:
            continue  # a first build of an incremental model is a full build
        # the full refresh runs on the same path (dbt's partial parse survives), the
        # incremental state is put back after it for the next load
        kept = warehouse.with_name("incremental.duckdb")
        _copy_warehouse(warehouse, kept)
        _build(warehouse, target, "--full-refresh")
        assert _fact_plays(warehouse)[1] == incremental, f"after load {step}"
        _copy_warehouse(kept, warehouse)
    # reloading any export changes nothing
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        landed = connection.execute(_LANDED).fetchall()
    for person in people.users:
        user, everything = _user(person, ORDERS[0]), Path(people.out_dir, person.username)
        assert "Rows: 0 loaded" in _ingest(warehouse, user, person.timezone, everything)
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute(_LANDED).fetchall() == landed


_LANDED = """
    select (select count(*) from landing.streaming_history),
        (select count(*) from landing.account_history)
"""
