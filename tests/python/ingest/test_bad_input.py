"""Bad input: a message naming the file and the problem, a non-zero exit, no traceback; the
other files of the call still load and nothing of the bad file is in landing."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ENDSONG, Warehouse, account_row, extended_row, numbered_rows

TRUNCATED = json.dumps(numbered_rows(50))[:-200]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("Streaming_History_Audio_2020_0.json", TRUNCATED.encode(), "Malformed JSON"),
        ("endsong_3.json", b"", "empty"),
        ("StreamingHistory0.json", b'{"hello": "world"}', "not a list of plays"),
        ("foreign.json", json.dumps([{"id": 1, "name": "x"}]).encode(), "not Spotify"),
        (
            "wrong_types.json",
            json.dumps([*numbered_rows(3), extended_row(ms_played="three minutes")]).encode(),
            "three minutes",
        ),
        (
            "no_ts.json",
            json.dumps([*numbered_rows(3), extended_row(ts=None)]).encode(),
            "1 of 4 rows have no ts",
        ),
        (
            "bad_end_time.json",
            json.dumps([account_row(), account_row(endTime="yesterday")]).encode(),
            "endTime",
        ),
        ("notes.json", b"this is not json", "not JSON"),
    ],
)
def test_bad_file_fails_alone(
    warehouse: Warehouse, tmp_path: Path, name: str, content: bytes, problem: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    result = warehouse.ingest(ENDSONG, bad, "--user", "u")
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    failed = [line for line in result.output.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and name in failed[0] and problem in failed[0], result.output
    assert warehouse.plays() == 2080
    assert warehouse.account_plays() == 0
    assert warehouse.query("select file_name from landing.loaded_files") == [("endsong_1.json",)]


def test_missing_path(warehouse: Warehouse, tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "my_spotify_data.zip"
    result = warehouse.ingest(missing, ENDSONG)
    assert result.exit_code == 1
    assert f"{missing}: no such file or folder" in result.output
    assert warehouse.plays() == 2080


def test_damaged_zip(warehouse: Warehouse, tmp_path: Path) -> None:
    damaged = tmp_path / "my_spotify_data.zip"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    result = warehouse.ingest(damaged)
    assert result.exit_code == 1
    assert "my_spotify_data.zip" in result.output and "zip" in result.output
    assert "Traceback" not in result.output


def test_truncated_member_of_a_zip_fails_and_the_rest_loads(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr(
            "Spotify Extended Streaming History/Streaming_History_Audio_0.json", TRUNCATED
        )
        handle.writestr(
            "Spotify Extended Streaming History/Streaming_History_Audio_1.json",
            json.dumps(numbered_rows(4)),
        )
    result = warehouse.ingest(archive, "--user", "z")
    assert result.exit_code == 1
    failed = [line for line in result.output.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "Streaming_History_Audio_0.json" in failed[0]
    assert str(archive) in failed[0]  # the temp copy's path never shows
    assert warehouse.plays() == 4


def test_empty_list_loads_nothing_and_says_so(warehouse: Warehouse, tmp_path: Path) -> None:
    empty = tmp_path / "Streaming_History_Audio_2025.json"
    empty.write_text("[]")
    result = warehouse.ingest(empty, "--user", "e")
    assert result.exit_code == 0, result.output
    assert "no plays in it; nothing loaded" in result.output
    assert warehouse.plays() == 0


def test_bad_options(warehouse: Warehouse) -> None:
    bad_zone = warehouse.ingest(ENDSONG, "--timezone", "Mars/Olympus_Mons")
    assert bad_zone.exit_code == 2
    assert "not an IANA time zone name" in bad_zone.output
    assert not warehouse.path.exists() or warehouse.plays() == 0
    empty_user = warehouse.ingest(ENDSONG, "--user", " ")
    assert empty_user.exit_code == 2 and "--user" in empty_user.output


def test_locked_warehouse(warehouse: Warehouse) -> None:
    warehouse.path.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
            "sys.stdin.read()",
            str(warehouse.path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = warehouse.ingest(ENDSONG)
    finally:
        holder.communicate("", timeout=30)
    assert result.exit_code == 1
    assert "in use by another process" in result.output
    assert "Traceback" not in result.output


def test_unusable_warehouse_path(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = Warehouse(blocker / "wh.duckdb").ingest(ENDSONG)
    assert result.exit_code == 1
    assert "could not be used" in result.output and "DUCKDB_PATH" in result.output
    assert "Traceback" not in result.output
