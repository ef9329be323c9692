"""The library API returns report objects and leaves the caller's session as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fetchers.ingest import FileOutcome, FileStatus, LoadOptions, RowCounts, ingest_paths
from fetchers.warehouse import open_landing

from .conftest import VIDEO_2023, extended_row


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
