"""Enrichment writes name their columns, and those columns are the landing DDL's."""

from __future__ import annotations

from datetime import datetime, timezone

import duckdb
import pytest

from fetchers.enrich.rows import (
    AlbumMatch,
    AlbumTrack,
    Batch,
    EntityFetch,
    Link,
    Subject,
    TagRow,
    TrackMatch,
)
from fetchers.enrich.store import COLUMNS, LandingSchemaMismatch, batch_rows, write_batch
from fetchers.warehouse import open_landing

AT = datetime(2025, 3, 1, 12, tzinfo=timezone.utc)
SUBJECT = Subject("spotify:track:X", "Artist", "Title", "Album")


def sample_batch() -> Batch:
    tag = TagRow("musicbrainz", "recording", "rec-1", "genre", "rock", 3.0, 0.75)
    return Batch(
        track_matches=[
            TrackMatch(SUBJECT, "rec-1", "search", 0.91, [{"score": 0.91}], "ISRC1", 201000)
        ],
        album_matches=[
            AlbumMatch(
                "Artist",
                "Album",
                "rel-1",
                "rg-1",
                "Album (Deluxe)",
                "Artist",
                "search",
                0.88,
                [],
                [AlbumTrack(1, 2, "Title", "rec-1", "ISRC1", 201000)],
            )
        ],
        fetches=[EntityFetch("musicbrainz", "recording", "rec-1", "ok", "http://mb/x", [tag])],
        links=[Link(SUBJECT, "musicbrainz", "recording", "rec-1")] * 2,  # one row, not two
    )


@pytest.fixture
def landing(tmp_path):
    with open_landing(tmp_path / "w.duckdb") as connection:  # the DDL of landing_schema.py
        yield connection


def ddl_columns(connection: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for table, column, nullable in connection.execute(
        "select table_name, column_name, is_nullable from information_schema.columns "
        "where table_schema = 'landing'"
    ).fetchall():
        out.setdefault(table, {})[column] = nullable
    return out


def test_every_writer_column_is_in_the_ddl_and_every_required_column_is_written(landing):
    ddl = ddl_columns(landing)
    for table, columns in COLUMNS.items():
        assert table in ddl, table
        assert len(set(columns)) == len(columns), table
        assert set(columns) <= set(ddl[table]), (table, set(columns) - set(ddl[table]))
        required = {c for c, nullable in ddl[table].items() if nullable == "NO"}
        assert required <= set(columns), (table, required - set(columns))


def test_rows_are_built_with_exactly_the_named_columns():
    rows = batch_rows(sample_batch(), AT)
    assert set(rows) == set(COLUMNS)
    for table, table_rows in rows.items():
        assert table_rows, table
        assert all(set(row) == set(COLUMNS[table]) for row in table_rows), table
    assert len(rows["entity_links"]) == 1


def test_values_land_in_their_named_columns(landing):
    assert write_batch(landing, sample_batch(), AT) == 1
    match = landing.execute(
        "select musicbrainz_recording_id, isrc, duration_ms, match_method, match_confidence, "
        "album_name, fetched_at from landing.track_matches"
    ).fetchall()
    assert match == [("rec-1", "ISRC1", 201000, "search", 0.91, "Album", AT)]
    album = landing.execute(
        "select musicbrainz_release_id, musicbrainz_release_group_id, release_title, "
        "release_artist_name from landing.album_matches"
    ).fetchall()
    assert album == [("rel-1", "rg-1", "Album (Deluxe)", "Artist")]
    track = landing.execute(
        "select source, disc_number, track_position, track_title, spotify_track_uri, length_ms "
        "from landing.album_tracks"
    ).fetchall()
    assert track == [("musicbrainz", 1, 2, "Title", None, 201000)]
    evidence = landing.execute(
        "select tag_kind, tag_raw, raw_count, raw_weight, request_url from landing.tag_evidence"
    ).fetchall()
    assert evidence == [("genre", "rock", 3.0, 0.75, "http://mb/x")]


def test_a_column_the_ddl_lacks_is_named_and_nothing_is_written(landing):
    landing.execute("alter table landing.tag_evidence drop column raw_count")
    with pytest.raises(
        LandingSchemaMismatch, match=r"landing\.tag_evidence has no column raw_count"
    ):
        write_batch(landing, sample_batch(), AT)
    assert landing.execute("select count(*) from landing.track_matches").fetchone() == (0,)
