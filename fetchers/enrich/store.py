"""Writes a batch to landing in one transaction: all of it or none of it.

Landing is append-only; a later fetch adds rows and dbt keeps the latest per natural key. A run
skips subjects already written (see `subjects.read_state`), so re-running adds no duplicates and
an interrupted run loses at most the batch in flight.

Every insert names its columns: `COLUMNS` lists, in one place, the columns each enrichment
table is written with, every row is built as a mapping of exactly those names, and the types
to cast to are read from the landing table itself (`fetchers/landing_schema.py`), so a column
the DDL does not have is an error that names it, never a value in the wrong column.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import duckdb

from fetchers.enrich.rows import Batch

Row = Mapping[str, Any]

COLUMNS: dict[str, tuple[str, ...]] = {
    "track_matches": (
        "spotify_track_uri", "artist_name", "track_name", "album_name",
        "musicbrainz_recording_id", "isrc", "duration_ms", "match_method", "match_confidence",
        "candidates", "fetched_at",
    ),
    "album_matches": (
        "artist_name", "album_name", "musicbrainz_release_id", "musicbrainz_release_group_id",
        "release_title", "release_artist_name", "match_method", "match_confidence", "candidates",
        "fetched_at",
    ),
    "album_tracks": (
        "artist_name", "album_name", "source", "release_id", "disc_number", "track_position",
        "track_title", "recording_id", "isrc", "spotify_track_uri", "length_ms", "fetched_at",
    ),
    "entity_fetches": (
        "source", "entity_type", "entity_id", "status", "request_url", "fetched_at",
    ),
    "tag_evidence": (
        "source", "entity_type", "entity_id", "tag_kind", "tag_raw", "raw_count", "raw_weight",
        "request_url", "fetched_at",
    ),
    "entity_links": (
        "spotify_track_uri", "artist_name", "track_name", "source", "entity_type", "entity_id",
        "fetched_at",
    ),
}  # fmt: skip


class LandingSchemaMismatch(RuntimeError):
    """The enrichment writer names a column the landing table does not have."""


def column_types(connection: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """The landing table's columns and their types, as the DDL made them."""
    return dict(
        connection.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'landing' and table_name = ? order by ordinal_position",
            [table],
        ).fetchall()
    )


def _insert(connection: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Row]) -> None:
    """Insert rows into the named columns of `landing.<table>` as one JSON parameter.

    DuckDB binds Python parameters one value at a time (slow for thousands of values); one
    JSON document cast column by column is fast and keeps the values exact.
    """
    if not rows:
        return
    columns = COLUMNS[table]
    types = column_types(connection, table)
    missing = [c for c in columns if c not in types]
    if missing:
        raise LandingSchemaMismatch(
            f"landing.{table} has no column {', '.join(missing)}: the landing schema "
            "(fetchers/landing_schema.py) and the enrichment writer disagree."
        )
    selects = ", ".join(
        f"cast(r ->> {index} as {types[name]}) as {name}" for index, name in enumerate(columns)
    )
    payload = json.dumps([_values(row, columns) for row in rows])
    connection.execute(
        f"insert into landing.{table} ({', '.join(columns)}) select {selects} "
        "from (select unnest(from_json(?::json, '[\"json\"]')) as r)",
        [payload],
    )


def _values(row: Row, columns: tuple[str, ...]) -> list[Any]:
    if set(row) != set(columns):
        raise ValueError(f"a row with columns {sorted(row)} is not one of {columns}")
    return [_plain(row[c]) for c in columns]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def batch_rows(batch: Batch, fetched_at: datetime) -> dict[str, list[Row]]:
    """The batch as rows of each landing table, keyed by column name."""
    return {
        "track_matches": [
            {
                "spotify_track_uri": m.subject.spotify_track_uri,
                "artist_name": m.subject.artist_name,
                "track_name": m.subject.track_name,
                "album_name": m.subject.album_name,
                "musicbrainz_recording_id": m.recording_id,
                "isrc": m.isrc,
                "duration_ms": m.duration_ms,
                "match_method": m.method,
                "match_confidence": m.confidence,
                "candidates": json.dumps(m.candidates),
                "fetched_at": fetched_at,
            }
            for m in batch.track_matches
        ],
        "album_matches": [
            {
                "artist_name": a.artist_name,
                "album_name": a.album_name,
                "musicbrainz_release_id": a.release_id,
                "musicbrainz_release_group_id": a.release_group_id,
                "release_title": a.release_title,
                "release_artist_name": a.release_artist_name,
                "match_method": a.method,
                "match_confidence": a.confidence,
                "candidates": json.dumps(a.candidates),
                "fetched_at": fetched_at,
            }
            for a in batch.album_matches
        ],
        "album_tracks": [
            {
                "artist_name": a.artist_name,
                "album_name": a.album_name,
                "source": "musicbrainz",
                "release_id": a.release_id,
                "disc_number": t.disc_number,
                "track_position": t.track_position,
                "track_title": t.track_title,
                "recording_id": t.recording_id,
                "isrc": t.isrc,
                "spotify_track_uri": None,
                "length_ms": t.length_ms,
                "fetched_at": fetched_at,
            }
            for a in batch.album_matches
            if a.release_id
            for t in a.tracks
        ],
        "entity_fetches": [
            {
                "source": f.source,
                "entity_type": f.entity_type,
                "entity_id": f.entity_id,
                "status": f.status,
                "request_url": f.request_url,
                "fetched_at": fetched_at,
            }
            for f in batch.fetches
        ],
        "tag_evidence": [
            {
                "source": t.source,
                "entity_type": t.entity_type,
                "entity_id": t.entity_id,
                "tag_kind": t.tag_kind,
                "tag_raw": t.tag_raw,
                "raw_count": t.raw_count,
                "raw_weight": t.raw_weight,
                "request_url": f.request_url,
                "fetched_at": fetched_at,
            }
            for f in batch.fetches
            for t in f.tags
        ],
        "entity_links": [
            {
                "spotify_track_uri": uri,
                "artist_name": artist,
                "track_name": track,
                "source": source,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "fetched_at": fetched_at,
            }
            for uri, artist, track, source, entity_type, entity_id in dict.fromkeys(
                (
                    k.subject.spotify_track_uri,
                    k.subject.artist_name,
                    k.subject.track_name,
                    k.source,
                    k.entity_type,
                    k.entity_id,
                )
                for k in batch.links
            )
        ],
    }


def write_batch(connection: duckdb.DuckDBPyConnection, batch: Batch, fetched_at: datetime) -> int:
    """Insert the batch in one transaction; returns the number of tag_evidence rows written."""
    rows = batch_rows(batch, fetched_at)
    connection.execute("begin transaction")
    try:
        for table in COLUMNS:
            _insert(connection, table, rows[table])
        connection.execute("commit")
    except BaseException:
        connection.execute("rollback")
        raise
    return len(rows["tag_evidence"])
