"""CONTRACT "Commands: ingest", checked from outside: the CLI against exports of our own and the
genuine fixtures, the warehouse read back with plain SQL."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from .data import ALICE, EVERY_NULLABLE_FIELD_NULL, ext, ingest, query, track, write

GENUINE = Path(__file__).resolve().parent.parent / "ingest" / "data" / "spotify"
ENDSONG = GENUINE / "endsong_era" / "endsong_1.json"
AUDIO_2023 = GENUINE / "2026_export" / "Streaming_History_Audio_2023.json"
AUDIO_2024 = GENUINE / "2026_export" / "Streaming_History_Audio_2024.json"
VIDEO_2023 = GENUINE / "2026_export" / "Streaming_History_Video_2023.json"


def _distinct_rows(*files: Path) -> int:
    """Rows identical in every exported field count once (the contract's duplicate)."""
    seen = set()
    for file in files:
        for row in json.loads(file.read_text(encoding="utf-8")):
            seen.add(json.dumps(row, sort_keys=True))
    return len(seen)


def _plays(warehouse: Path, user: str | None = None) -> int:
    if not warehouse.exists():
        return 0
    sql = "select count(*) from landing.streaming_history"
    if user is None:
        return int(query(warehouse, sql)[0][0])
    return int(query(warehouse, sql + " where username = ?", [user])[0][0])


def _no_traceback(result: Result | str) -> None:
    """A message, not a crash: no traceback printed, no exception escaping the command."""
    if isinstance(result, Result):
        exception = result.exception
        assert exception is None or isinstance(exception, SystemExit), repr(exception)
        result = result.output
    assert "Traceback" not in result, result


def _songs(count: int, **fields: Any) -> list[dict[str, Any]]:
    return [
        track(
            f"2024-03-01T10:{i:02d}:00Z",
            60_000,
            f"Song {i}",
            "Artist",
            "Album",
            f"spotify:track:{i:022d}",
            **fields,
        )
        for i in range(count)
    ]


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "warehouse.duckdb"


# --- bad input -----------------------------------------------------------------------------


BAD_FILES: dict[str, bytes] = {
    "empty.json": b"",
    "truncated.json": b'[{"ts": "2024-01-01T00:00:00Z", "ms_played": 1000, "platform": "x"',
    "not_spotify.json": b'[{"foo": 1, "bar": 2}]',
    "object.json": b'{"ts": "2024-01-01T00:00:00Z", "ms_played": 1, "platform": "x"}',
    "not_json.json": b"ts,ms_played\n2024-01-01,1\n",
    "wrong_type.json": json.dumps(
        [
            ext("2024-01-01T00:00:00Z", 1000, username="u", platform="x"),
            ext("2024-01-01T00:01:00Z", 1000, username="u", platform="x") | {"ms_played": "abc"},
        ]
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_named_fails_and_the_good_one_still_loads(
    tmp_path: Path, warehouse: Path, name: str
) -> None:
    bad = tmp_path / "in" / name
    bad.parent.mkdir(parents=True)
    bad.write_bytes(BAD_FILES[name])
    good = write(tmp_path / "in" / "good.json", _songs(3, username="u"))
    result = ingest(warehouse, bad, good)
    _no_traceback(result)
    assert result.exit_code != 0
    assert name in result.output
    assert _plays(warehouse) == 3  # the good file loaded, nothing of the bad one


def test_file_broken_after_a_good_first_row_loads_nothing_of_it(
    tmp_path: Path, warehouse: Path
) -> None:
    text = json.dumps(_songs(50, username="u"))
    broken = tmp_path / "endsong_3.json"
    broken.write_text(text[: len(text) * 2 // 3], encoding="utf-8")  # cut mid-file
    result = ingest(warehouse, broken)
    _no_traceback(result)
    assert result.exit_code != 0
    assert "endsong_3.json" in result.output
    assert _plays(warehouse) == 0
    if warehouse.exists():
        assert query(warehouse, "select count(*) from landing.loaded_files")[0][0] == 0


def test_missing_path_is_named_and_the_other_paths_load(tmp_path: Path, warehouse: Path) -> None:
    good = write(tmp_path / "good.json", _songs(2, username="u"))
    result = ingest(warehouse, tmp_path / "no_such.json", good)
    _no_traceback(result)
    assert result.exit_code != 0
    assert "no_such.json" in result.output
    assert _plays(warehouse) == 2


def test_zip_and_folder_without_history_fail_naming_them(tmp_path: Path, warehouse: Path) -> None:
    folder = tmp_path / "nothing_here"
    folder.mkdir()
    (folder / "Read Me.pdf").write_bytes(b"%PDF-1.4")
    archive = tmp_path / "my_spotify_data.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("Spotify Extended Streaming History/ReadMeFirst.pdf", b"%PDF-1.4")
        handle.write(VIDEO_2023, "Spotify Extended Streaming History/" + VIDEO_2023.name)
    for path in (folder, archive):
        result = ingest(warehouse, path)
        _no_traceback(result)
        assert result.exit_code != 0, result.output
        assert path.name in result.output
    assert _plays(warehouse) == 0


def test_valid_file_without_rows_loads_nothing_and_says_so(tmp_path: Path, warehouse: Path) -> None:
    empty = write(tmp_path / "Streaming_History_Audio_2025.json", [])
    result = ingest(warehouse, empty, "--user", "u")
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "Streaming_History_Audio_2025.json" in result.output
    assert "nothing loaded" in result.output or "no plays" in result.output
    assert _plays(warehouse) == 0


def test_account_data_without_user_fails_naming_the_file(tmp_path: Path, warehouse: Path) -> None:
    account = write(
        tmp_path / "StreamingHistory0.json",
        [{"endTime": "2019-02-01 08:15", "artistName": "A", "trackName": "T", "msPlayed": 1}],
    )
    result = ingest(warehouse, account)
    _no_traceback(result)
    assert result.exit_code != 0
    assert "StreamingHistory0.json" in result.output and "--user" in result.output


def test_export_without_username_needs_user(tmp_path: Path, warehouse: Path) -> None:
    result = ingest(warehouse, AUDIO_2023)
    _no_traceback(result)
    assert result.exit_code != 0
    assert AUDIO_2023.name in result.output and "--user" in result.output
    assert _plays(warehouse) == 0


def test_locked_warehouse_gets_a_message_not_a_traceback(tmp_path: Path, warehouse: Path) -> None:
    good = write(tmp_path / "good.json", _songs(2, username="u"))
    assert ingest(warehouse, good).exit_code == 0
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import duckdb, sys, time
                connection = duckdb.connect({str(warehouse)!r})
                connection.execute("begin transaction")
                connection.execute("insert into landing.user_settings values ('x', 'UTC', now())")
                print("held", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        for args in (["ingest", str(good)], ["enrich", "--offline"]):
            completed = subprocess.run(
                [sys.executable, "-m", "fetchers", *args],
                env={**_env(), "DUCKDB_PATH": str(warehouse)},
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            output = completed.stdout + completed.stderr
            _no_traceback(output)
            assert completed.returncode != 0, output
            assert str(warehouse) in output or "in use" in output, output
    finally:
        holder.communicate("", timeout=30)
    assert _plays(warehouse) == 2


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "DUCKDB_PATH"}


# --- containers and formats -----------------------------------------------------------------


def test_zip_inside_nested_folders_loads_and_skips_others_by_name(
    tmp_path: Path, warehouse: Path
) -> None:
    outer = tmp_path / "downloads" / "deep" / "er"
    outer.mkdir(parents=True)
    archive = outer / "my_spotify_data.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.write(AUDIO_2023, "Spotify Extended Streaming History/" + AUDIO_2023.name)
        handle.write(VIDEO_2023, "Spotify Extended Streaming History/" + VIDEO_2023.name)
        handle.writestr("Spotify Extended Streaming History/ReadMeFirst.pdf", b"%PDF-1.4")
    nested = tmp_path / "downloads" / "a" / "b" / "c"
    nested.mkdir(parents=True)
    (nested / ENDSONG.name).write_bytes(ENDSONG.read_bytes())
    result = ingest(warehouse, tmp_path / "downloads", "--user", "me")
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    assert "ReadMeFirst.pdf" in result.output and VIDEO_2023.name in result.output
    assert _plays(warehouse, "me") == _distinct_rows(AUDIO_2023, ENDSONG)


def test_bom_and_crlf_load(tmp_path: Path, warehouse: Path) -> None:
    text = json.dumps(_songs(4, username="u"), indent=2).replace("\n", "\r\n")
    path = tmp_path / "endsong.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = ingest(warehouse, path)
    assert result.exit_code == 0, result.output
    assert _plays(warehouse, "u") == 4


def test_recognised_by_content_whatever_the_name(tmp_path: Path, warehouse: Path) -> None:
    renamed = tmp_path / "my history.json"
    renamed.write_bytes(ENDSONG.read_bytes())
    result = ingest(warehouse, renamed)
    assert result.exit_code == 0, result.output
    assert _plays(warehouse, "endsong_user1") == _distinct_rows(ENDSONG)


def test_column_null_in_every_row_and_every_nullable_field_null(
    tmp_path: Path, warehouse: Path
) -> None:
    rows = [
        track(
            "2024-09-01T10:00:00Z",
            45_000,
            "Nulls",
            None,
            None,
            None,
            **EVERY_NULLABLE_FIELD_NULL,
        ),
        ext(
            "2024-09-01T11:00:00Z",
            0,
            **EVERY_NULLABLE_FIELD_NULL,
        ),
    ]
    result = ingest(warehouse, write(tmp_path / "x.json", rows), "--user", "u")
    assert result.exit_code == 0, result.output
    assert _plays(warehouse, "u") == 2


# --- duplicates and idempotency -------------------------------------------------------------


def test_reloading_reordered_and_reshuffled_exports_adds_nothing(
    tmp_path: Path, warehouse: Path
) -> None:
    assert ingest(warehouse, AUDIO_2023, AUDIO_2024, "--user", "me").exit_code == 0
    before = _plays(warehouse, "me")
    assert before == _distinct_rows(AUDIO_2023, AUDIO_2024)
    rows = json.loads(AUDIO_2023.read_text()) + json.loads(AUDIO_2024.read_text())
    rows.reverse()
    cut = len(rows) // 3  # new file boundaries, one file named as an old endsong
    write(tmp_path / "re" / "Streaming_History_Audio_2020-2024_0.json", rows[:cut], indent=4)
    write(tmp_path / "re" / "endsong_7.json", rows[cut:])
    result = ingest(warehouse, tmp_path / "re", "--user", "me")
    assert result.exit_code == 0, result.output
    assert _plays(warehouse, "me") == before
    assert ingest(warehouse, tmp_path / "re", "--user", "me").exit_code == 0
    assert _plays(warehouse, "me") == before


def test_rows_differing_in_any_one_field_are_distinct(tmp_path: Path, warehouse: Path) -> None:
    base = track(
        "2024-03-01T10:00:00Z",
        60_000,
        "S",
        "A",
        "B",
        "spotify:track:1",
        username="u",
        reason_start="trackdone",
        offline_timestamp=1709287200,
    )
    variants = [
        base,
        dict(base),  # identical: a duplicate
        base | {"reason_start": ""},
        base | {"reason_start": None},
        base | {"offline_timestamp": 1709287200000},  # ms instead of s
        base | {"ms_played": 60_001},
        base | {"ts": "2024-03-01T10:00:00.001Z"},
        base | {"conn_country": "ZZ"},
        base | {"skipped": None},
        base | {"master_metadata_track_name": "S "},
        base | {"ip_addr": "192.0.2.8"},
    ]
    result = ingest(warehouse, write(tmp_path / "endsong.json", variants))
    assert result.exit_code == 0, result.output
    assert _plays(warehouse, "u") == len(variants) - 1
    assert ingest(warehouse, write(tmp_path / "again" / "endsong.json", variants[::-1]))
    assert _plays(warehouse, "u") == len(variants) - 1


def test_user_overrides_export_username(tmp_path: Path, warehouse: Path) -> None:
    rows = _distinct_rows(ENDSONG)
    assert ingest(warehouse, ENDSONG).exit_code == 0
    assert ingest(warehouse, ENDSONG, "--user", ALICE).exit_code == 0
    assert _plays(warehouse, "endsong_user1") == rows
    assert _plays(warehouse, ALICE) == rows
    # again, both ways: nothing new
    assert ingest(warehouse, ENDSONG).exit_code == 0
    assert ingest(warehouse, ENDSONG, "--user", ALICE).exit_code == 0
    assert _plays(warehouse) == 2 * rows


def _zone(warehouse: Path, user: str) -> str:
    return query(
        warehouse,
        "select timezone from landing.user_settings where username = ? "
        "order by set_at desc limit 1",
        [user],
    )[0][0]


def test_timezone_kept_until_given_again_new_user_gets_utc(tmp_path: Path, warehouse: Path) -> None:
    first = write(tmp_path / "a.json", _songs(2))
    second = write(tmp_path / "b.json", _songs(3))
    assert ingest(warehouse, first, "--user", "newbie").exit_code == 0
    assert _zone(warehouse, "newbie") == "UTC"
    assert ingest(warehouse, first, "--user", ALICE, "--timezone", "Asia/Kolkata").exit_code == 0
    assert ingest(warehouse, second, "--user", ALICE).exit_code == 0  # no --timezone: kept
    assert _zone(warehouse, ALICE) == "Asia/Kolkata"
    time.sleep(0.01)
    # given again with an already-loaded file: recorded all the same
    again = ingest(warehouse, first, "--user", ALICE, "--timezone", "America/New_York")
    assert again.exit_code == 0, again.output
    assert _zone(warehouse, ALICE) == "America/New_York"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "'; drop table x; --", ""])
def test_bad_timezone_is_refused_without_traceback(
    tmp_path: Path, warehouse: Path, zone: str
) -> None:
    result = ingest(
        warehouse, write(tmp_path / "a.json", _songs(1)), "--user", "u", "--timezone", zone
    )
    _no_traceback(result)
    assert result.exit_code != 0
    assert _plays(warehouse) == 0


def test_export_username_given_again_as_user_adds_nothing(tmp_path: Path, warehouse: Path) -> None:
    rows = _distinct_rows(ENDSONG)
    assert ingest(warehouse, ENDSONG).exit_code == 0
    shuffled = json.loads(ENDSONG.read_text(encoding="utf-8"))[::-1]
    again = write(tmp_path / "endsong_0.json", shuffled)
    result = ingest(warehouse, again, "--user", "endsong_user1")
    assert result.exit_code == 0, result.output
    assert _plays(warehouse) == rows


def test_hostile_paths_and_user_names(tmp_path: Path, warehouse: Path) -> None:
    folder = tmp_path / "it's [my] *data* {x} ?ü"
    write(folder / "sub dir" / "endsong_1.json", _songs(3, username="u"))
    zipped = folder / "my spotify data ('2024').zip"
    with zipfile.ZipFile(zipped, "w") as handle:
        handle.writestr(
            "../../Streaming_History_Audio_2024 [1] 'x'.json", json.dumps(_songs(5, ms_played=1))
        )
    user = "'; drop table landing.streaming_history; --"
    result = ingest(warehouse, folder, "--user", user)
    _no_traceback(result)
    assert result.exit_code == 0, result.output
    assert _plays(warehouse, user) == 8
    assert not (tmp_path.parent / "Streaming_History_Audio_2024 [1] 'x'.json").exists()
