"""The library API returns report objects and leaves the caller's session as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from fetchers.ingest import FileOutcome, FileStatus, LoadOptions, RowCounts, batch, ingest_paths
from fetchers.warehouse import open_landing

from .conftest import VIDEO_2023, account_row, extended_row, numbered_rows


def test_report_objects_and_session_settings(
    tmp_path: Path, make_json: Callable[..., Path]
) -> None:
    naive = make_json("naive.json", [extended_row(ts="2024-03-01T12:00:00")])  # no offset: UTC
    empty = make_json("StreamingHistory9.json", [])
    seen: list[FileOutcome] = []
    with open_landing(tmp_path / "wh.duckdb") as connection:
        connection.execute("set TimeZone = 'America/New_York'")
        report = ingest_paths(
            connection,
            [naive, empty, VIDEO_2023, tmp_path / "missing.json"],
            LoadOptions(user="lib", timezone="Europe/Lisbon"),
            on_file=seen.append,
        )
        assert connection.execute("select current_setting('TimeZone')").fetchone() == (
            "America/New_York",
        )
        # the call's lower memory limit is lifted again, to exactly the default
        connection.execute("reset memory_limit")
        default = connection.execute("select current_setting('memory_limit')").fetchone()
        ingest_paths(connection, [naive], LoadOptions(user="lib"))
        assert connection.execute("select current_setting('memory_limit')").fetchone() == default
        stored = connection.execute(
            "select strftime(timezone('UTC', ts), '%Y-%m-%d %H:%M') from landing.streaming_history"
        ).fetchall()
    assert stored == [("2024-03-01 12:00",)]
    assert seen == report.files
    assert [outcome.status for outcome in report.files] == [
        FileStatus.LOADED,
        FileStatus.EMPTY,
        FileStatus.SKIPPED,
        FileStatus.FAILED,
    ]
    assert report.files[0].users == {"lib": RowCounts(1, 1, 0)}
    assert report.per_user() == {"lib": (1, RowCounts(1, 1, 0))}
    assert report.user_timezones == {"lib": "Europe/Lisbon"}
    assert not report.ok and len(report.failed) == 1


def test_batches_of_any_size_load_the_same(
    tmp_path: Path, make_json: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files are read in batches; batches of one file each give the same report and rows as
    one batch, with bad files among them (one refused after it was read) and files repeating
    plays of earlier ones."""
    files = [
        make_json("Streaming_History_Audio_0.json", numbered_rows(30)),
        make_json("Streaming_History_Audio_1.json", [*numbered_rows(20, start=20), {"ts": 1}]),
        make_json(  # read, then refused (no ms_played): its plays are not in landing
            "Streaming_History_Audio_2.json",
            [*numbered_rows(20, start=20), extended_row(ms_played=None)],
        ),
        make_json("Streaming_History_Audio_3.json", numbered_rows(40, start=10)),
        make_json("StreamingHistory0.json", [account_row(), account_row()]),
    ]

    def load(name: str) -> tuple[list[tuple[str, str, dict[str, RowCounts]]], list[tuple]]:
        with open_landing(tmp_path / f"{name}.duckdb") as connection:
            report = ingest_paths(connection, files, LoadOptions(user="b"))
            keys = connection.execute(
                "select play_key from landing.streaming_history union all "
                "select play_key from landing.account_history order by all"
            ).fetchall()
        return [(o.name, o.status.value, o.users) for o in report.files], keys

    whole = load("whole")
    monkeypatch.setattr(batch, "BATCH_BYTES", 1)
    assert load("one_by_one") == whole
    outcomes, keys = whole
    assert [status for _, status, _ in outcomes] == [
        "loaded",
        "failed",
        "failed",
        "loaded",
        "loaded",
    ]
    assert outcomes[3][2] == {"b": RowCounts(40, 20, 20)}
    assert outcomes[4][2] == {"b": RowCounts(2, 1, 1)}
    assert len(keys) == 50 + 1
