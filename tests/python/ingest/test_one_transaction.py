"""A call reads and validates every file, then writes the good ones in one transaction: all of
them or none; each file's export layout is recorded with its rows."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from fetchers.ingest import FileStatus, LoadOptions, ingest_paths, load
from fetchers.warehouse import open_landing

from .conftest import AUDIO_2023, ENDSONG, Warehouse, numbered_rows


def _layout(path: Path) -> str:
    return ",".join(sorted(json.loads(path.read_text(encoding="utf-8"))[0]))


def _distinct_rows(path: Path) -> int:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return len({json.dumps(row, sort_keys=True) for row in rows})


def test_each_file_records_its_export_layout(warehouse: Warehouse) -> None:
    result = warehouse.ingest(ENDSONG, AUDIO_2023, "--user", "lay")
    assert result.exit_code == 0, result.output
    endsong, newer = _layout(ENDSONG), _layout(AUDIO_2023)
    assert endsong.startswith("conn_country,episode_name") and endsong.endswith(",username")
    assert "audiobook_uri" in newer and "username" not in newer.split(",")
    assert warehouse.query(
        "select export_layout, count(*) from landing.streaming_history group by all order by 2"
    ) == sorted(
        [(endsong, _distinct_rows(ENDSONG)), (newer, _distinct_rows(AUDIO_2023))],
        key=lambda row: row[1],
    )
    assert warehouse.query(
        "select file_name, export_layout from landing.loaded_files order by file_name"
    ) == [(AUDIO_2023.name, newer), (ENDSONG.name, endsong)]


def test_a_failure_while_writing_leaves_nothing_of_the_call(
    tmp_path: Path, make_json: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plays, the loaded_files rows and the time zone commit together: a failure after the
    plays were inserted rolls every file of the call back, and the next call loads them all."""
    files = [
        make_json("Streaming_History_Audio_0.json", numbered_rows(5)),
        make_json("Streaming_History_Audio_1.json", numbered_rows(5, start=5)),
    ]
    real = load.record_user_settings

    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise RuntimeError("disk full")

    path = tmp_path / "wh.duckdb"
    monkeypatch.setattr(load, "record_user_settings", broken)
    with open_landing(path) as connection, pytest.raises(RuntimeError, match="disk full"):
        ingest_paths(connection, files, LoadOptions(user="t", timezone="Europe/Rome"))
    monkeypatch.setattr(load, "record_user_settings", real)
    with open_landing(path) as connection:
        counts = connection.execute(
            "select (select count(*) from landing.streaming_history), "
            "(select count(*) from landing.loaded_files), "
            "(select count(*) from landing.user_settings)"
        ).fetchone()
        assert counts == (0, 0, 0)
        report = ingest_paths(connection, files, LoadOptions(user="t"))
    assert [o.status for o in report.files] == [FileStatus.LOADED, FileStatus.LOADED]
    assert report.totals.rows_loaded == 10


def test_same_bytes_twice_in_one_call_load_once(
    warehouse: Warehouse, make_json: Callable[..., Path], tmp_path: Path
) -> None:
    first = make_json("a/Streaming_History_Audio_0.json", numbered_rows(4))
    copy = tmp_path / "in" / "b" / "Streaming_History_Audio_0.json"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(first, copy)
    result = warehouse.ingest(first, copy, first, "--user", "twice")
    assert result.exit_code == 0, result.output
    assert warehouse.plays() == 4
    assert result.output.count("already loaded for twice") == 2
    assert warehouse.query("select rows_loaded from landing.loaded_files") == [(4,)]


def test_good_files_of_a_call_with_a_bad_one_load_in_the_same_commit(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    good = [
        make_json(f"Streaming_History_Audio_{i}.json", numbered_rows(3, start=3 * i))
        for i in (0, 1)
    ]
    bad = make_json("Streaming_History_Audio_2.json", [*numbered_rows(2), {"ts": "x"}])
    result = warehouse.ingest(good[0], bad, good[1], "--user", "g")
    assert result.exit_code == 1
    assert warehouse.plays() == 6
    # one load time per file, both committed by the one transaction of the call
    assert warehouse.query(
        "select count(distinct loaded_at), count(*) from landing.loaded_files"
    ) == [(2, 2)]
