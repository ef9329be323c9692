"""Writes a batch to landing in one transaction: all of it or none of it.

Landing is append-only; a later fetch adds rows and dbt keeps the latest per natural key. A run
skips subjects already written (see `subjects.read_state`), so re-running adds no duplicates and
an interrupted run loses at most the batch in flight.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

from fetchers.enrich.rows import Batch


def _insert(connection: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert rows (in the table's column order) as one JSON parameter.

    DuckDB binds Python parameters one value at a time (slow for thousands of values); one
    JSON document cast column by column is fast and keeps the values exact.
    """
    if not rows:
        return
    columns = connection.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'landing' and table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    selects = ", ".join(
        f"cast(r ->> {index} as {data_type}) as {name}"
        for index, (name, data_type) in enumerate(columns)
    )
    payload = json.dumps(
        [[v.isoformat() if isinstance(v, datetime) else v for v in row] for row in rows]
    )
    connection.execute(
        f"insert into landing.{table} select {selects} "
        "from (select unnest(from_json(?::json, '[\"json\"]')) as r)",
        [payload],
    )


def write_batch(connection: duckdb.DuckDBPyConnection, batch: Batch, fetched_at: datetime) -> int:
    """Insert the batch; returns the number of tag_evidence rows written."""
    track_matches = [
        (
            m.subject.spotify_track_uri,
            m.subject.artist_name,
            m.subject.track_name,
            m.subject.album_name,
            m.recording_id,
            m.isrc,
            m.duration_ms,
            m.method,
            m.confidence,
            json.dumps(m.candidates),
            fetched_at,
        )
        for m in batch.track_matches
    ]
    album_matches = [
        (
            a.artist_name,
            a.album_name,
            a.release_id,
            a.release_group_id,
            a.release_title,
            a.release_artist_name,
            a.method,
            a.confidence,
            json.dumps(a.candidates),
            fetched_at,
        )
        for a in batch.album_matches
    ]
    album_tracks = [
        (
            a.artist_name,
            a.album_name,
            "musicbrainz",
            a.release_id,
            t.disc_number,
            t.track_position,
            t.track_title,
            t.recording_id,
            t.isrc,
            None,
            t.length_ms,
            fetched_at,
        )
        for a in batch.album_matches
        if a.release_id
        for t in a.tracks
    ]
    fetches = [
        (f.source, f.entity_type, f.entity_id, f.status, f.request_url, fetched_at)
        for f in batch.fetches
    ]
    evidence = [
        (
            t.source,
            t.entity_type,
            t.entity_id,
            t.tag_kind,
            t.tag_raw,
            t.raw_count,
            t.raw_weight,
            f.request_url,
            fetched_at,
        )
        for f in batch.fetches
        for t in f.tags
    ]
    links = [
        (*link, fetched_at)
        for link in dict.fromkeys(
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
    ]
    connection.execute("begin transaction")
    try:
        _insert(connection, "track_matches", track_matches)
        _insert(connection, "album_matches", album_matches)
        _insert(connection, "album_tracks", album_tracks)
        _insert(connection, "entity_fetches", fetches)
        _insert(connection, "tag_evidence", evidence)
        _insert(connection, "entity_links", links)
        connection.execute("commit")
    except BaseException:
        connection.execute("rollback")
        raise
    return len(evidence)
