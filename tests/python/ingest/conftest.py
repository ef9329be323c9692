"""Shared helpers for the ingest tests: a tmp warehouse, the CLI, and small export builders."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner, Result

from fetchers.cli import cli

from ..contract.data import ext

DATA = Path(__file__).parent / "data" / "spotify"
ENDSONG = DATA / "endsong_era" / "endsong_1.json"
AUDIO_2023 = DATA / "2026_export" / "Streaming_History_Audio_2023.json"
AUDIO_2024 = DATA / "2026_export" / "Streaming_History_Audio_2024.json"
VIDEO_2023 = DATA / "2026_export" / "Streaming_History_Video_2023.json"


@dataclass
class Warehouse:
    path: Path

    def ingest(self, *args: str | Path) -> Result:
        """`python -m fetchers ingest ARGS` against this warehouse."""
        return CliRunner().invoke(
            cli,
            ["ingest", *[str(a) for a in args]],
            env={"DUCKDB_PATH": str(self.path)},
        )

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        if not self.path.exists():
            return []
        with duckdb.connect(str(self.path), read_only=True) as connection:
            return connection.execute(sql, list(params or [])).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        rows = self.query(sql, params)
        return rows[0][0] if rows else None

    def plays(self) -> int:
        return int(self.scalar("select count(*) from landing.streaming_history") or 0)

    def account_plays(self) -> int:
        return int(self.scalar("select count(*) from landing.account_history") or 0)


@pytest.fixture
def warehouse(tmp_path: Path) -> Warehouse:
    return Warehouse(tmp_path / "wh" / "warehouse.duckdb")


def extended_row(**fields: Any) -> dict[str, Any]:
    """An Extended Streaming History row of the 2025+ generation (no username): a track play."""
    row = ext(
        "2024-03-01T12:00:00Z",
        200000,
        master_metadata_track_name="Song",
        master_metadata_album_artist_name="Artist",
        master_metadata_album_album_name="Album",
        spotify_track_uri="spotify:track:0000000000000000000001",
    )
    row.update(fields)
    return row


def numbered_rows(count: int, start: int = 0, **fields: Any) -> list[dict[str, Any]]:
    """`count` distinct plays, one minute apart."""
    return [
        extended_row(
            ts=f"2024-03-01T{(i // 60) % 24:02d}:{i % 60:02d}:00Z",
            master_metadata_track_name=f"Song {i}",
            **fields,
        )
        for i in range(start, start + count)
    ]


def account_row(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "endTime": "2019-02-01 08:15",
        "artistName": "Artist",
        "trackName": "Song",
        "msPlayed": 123456,
    }
    row.update(fields)
    return row


def write_json(path: Path, rows: Any, *, indent: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(rows, indent=indent, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def make_json(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, rows: Any, *, indent: int | None = None) -> Path:
        return write_json(tmp_path / "in" / name, rows, indent=indent)

    return make
