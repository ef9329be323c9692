"""Publishing a warehouse's marts: what lands where, the atomic switch, readers held open."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from fetchers.publish.location import publish_dir_for
from fetchers.publish.snapshot import (
    NothingToPublishError,
    publish_from_warehouse,
    publish_marts,
)


def make_warehouse(path: Path, *, plays: int) -> None:
    """A warehouse with a table mart, a view mart and something outside `marts`."""
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema if not exists marts")
        connection.execute("create schema if not exists landing")
        connection.execute("create or replace table landing.raw as select 1 as x")
        connection.execute(
            "create or replace table marts.fact_plays as "
            "select range as play_id, 'it''s' as note from range(?)",
            [plays],
        )
        connection.execute(
            "create or replace view marts.agg_counts as select count(*) as n from marts.fact_plays"
        )


def published_files(publish_dir: Path) -> set[str]:
    return {path.name for path in publish_dir.iterdir()}


def open_published(publish_dir: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute(f"attach '{publish_dir / 'marts.duckdb'}' as published (read_only)")
    return connection


def test_every_mart_becomes_a_table_and_a_parquet_file(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    make_warehouse(warehouse, plays=5)
    publish_dir = tmp_path / "published"

    result = publish_from_warehouse(warehouse, publish_dir)

    assert result.marts == ("agg_counts", "fact_plays")
    assert published_files(publish_dir) == {
        ".publish.lock",
        "marts.duckdb",
        "listening.duckdb",
        "manifest.json",
        "agg_counts.parquet",
        "fact_plays.parquet",
    }
    with open_published(publish_dir) as connection:
        tables = connection.execute(
            "select schema_name, table_name from duckdb_tables() where database_name = 'published'"
        ).fetchall()
        assert set(tables) == {
            ("marts", "agg_counts"),
            ("marts", "fact_plays"),
            ("main", "snapshot_info"),
        }
        assert connection.execute("select n from published.marts.agg_counts").fetchone() == (5,)
        (snapshot_id,) = connection.execute(
            "select snapshot_id from published.main.snapshot_info"
        ).fetchone()
        parquet_ids = connection.execute(
            "select distinct decode(value) from parquet_kv_metadata(?) where decode(key) = "
            "'snapshot_id'",
            [str(publish_dir / "*.parquet")],
        ).fetchall()
        parquet_rows = connection.execute(
            "select count(*), min(note) from read_parquet(?)",
            [str(publish_dir / "fact_plays.parquet")],
        ).fetchone()
    manifest = json.loads((publish_dir / "manifest.json").read_text())
    assert snapshot_id == result.snapshot_id == manifest["snapshot_id"]
    assert parquet_ids == [(snapshot_id,)]
    assert parquet_rows == (5, "it's")
    assert manifest["marts"] == ["agg_counts", "fact_plays"]


def test_the_snapshot_opened_directly_answers_marts_dot_name(tmp_path: Path) -> None:
    """Opened by its path, `marts.duckdb` clashes with its schema (`marts.x` is ambiguous to
    DuckDB); `listening.duckdb` is the same snapshot, where `marts.x` works."""
    warehouse = tmp_path / "warehouse.duckdb"
    make_warehouse(warehouse, plays=3)
    publish_dir = tmp_path / "published"
    publish_from_warehouse(warehouse, publish_dir)
    alias = publish_dir / "listening.duckdb"
    assert alias.stat().st_ino == (publish_dir / "marts.duckdb").stat().st_ino
    with duckdb.connect(str(alias), read_only=True) as connection:
        assert connection.execute("select count(*) from marts.fact_plays").fetchone() == (3,)
    with duckdb.connect(str(publish_dir / "marts.duckdb"), read_only=True) as connection:
        assert connection.execute("select count(*) from marts.marts.fact_plays").fetchone() == (3,)
    publish_from_warehouse(warehouse, publish_dir)  # a new snapshot: both names follow
    assert alias.stat().st_ino == (publish_dir / "marts.duckdb").stat().st_ino


def test_a_reader_holding_the_old_snapshot_keeps_reading_it(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    publish_dir = tmp_path / "published"
    make_warehouse(warehouse, plays=3)
    first = publish_from_warehouse(warehouse, publish_dir)
    old_reader = open_published(publish_dir)
    old_parquet = (publish_dir / "fact_plays.parquet").open("rb")
    try:
        make_warehouse(warehouse, plays=7)
        second = publish_from_warehouse(warehouse, publish_dir)

        # the old connection still sees the whole old snapshot, the next open the new one
        assert old_reader.execute("select count(*) from published.marts.fact_plays").fetchone() == (
            3,
        )
        assert old_reader.execute(
            "select snapshot_id from published.main.snapshot_info"
        ).fetchone() == (first.snapshot_id,)
        with open_published(publish_dir) as new_reader:
            assert new_reader.execute(
                "select count(*), any_value(s.snapshot_id) from published.marts.fact_plays, "
                "published.main.snapshot_info as s"
            ).fetchone() == (7, second.snapshot_id)
        # a Parquet file opened before the switch is the old file, whole
        old_bytes = old_parquet.read()
        assert first.snapshot_id.encode() in old_bytes
        assert second.snapshot_id.encode() not in old_bytes
    finally:
        old_reader.close()
        old_parquet.close()


def test_a_dropped_mart_and_staged_leftovers_are_cleaned_up(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    publish_dir = tmp_path / "published"
    make_warehouse(warehouse, plays=2)
    publish_from_warehouse(warehouse, publish_dir)
    # what a publish killed half-way leaves behind
    (publish_dir / ".marts-20200101T000000000000Z-abcdef.duckdb.tmp").write_bytes(b"half")
    (publish_dir / ".parquet-20200101T000000000000Z-abcdef.tmp").mkdir()
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("drop view marts.agg_counts")

    result = publish_from_warehouse(warehouse, publish_dir)

    assert result.marts == ("fact_plays",)
    assert published_files(publish_dir) == {
        ".publish.lock",
        "marts.duckdb",
        "listening.duckdb",
        "manifest.json",
        "fact_plays.parquet",
    }


def test_publishing_a_warehouse_without_marts_says_what_to_run(tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute("create schema landing")
    publish_dir = tmp_path / "published"

    with pytest.raises(NothingToPublishError, match="dbt build"):
        publish_from_warehouse(warehouse, publish_dir)
    with pytest.raises(NothingToPublishError, match="python -m fetchers demo"):
        publish_from_warehouse(tmp_path / "never-made.duckdb", publish_dir)
    assert not (publish_dir / "marts.duckdb").exists()


def test_the_publish_folder_defaults_beside_the_warehouse() -> None:
    assert publish_dir_for(Path("data/w.duckdb"), {}) == Path("data/published")
    assert publish_dir_for(Path("data/w.duckdb"), {"PUBLISH_DIR": "/srv/p"}) == Path("/srv/p")


def test_a_build_with_the_inputs_of_the_snapshot_publishes_nothing_new(tmp_path: Path) -> None:
    """Marts are a function of landing and the build's compiled code (the hook's build token):
    the same of both finds them published; new plays, or other code, publish again."""
    warehouse = tmp_path / "warehouse.duckdb"
    make_warehouse(warehouse, plays=3)
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "create table landing.streaming_history as "
            "select 1 as play_key, timestamptz '2024-01-01 00:00:00+00' as loaded_at"
        )
    publish_dir = tmp_path / "published"

    def publish(token: str):
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            return publish_marts(
                connection, catalog="warehouse", publish_dir=publish_dir, build_token=token
            )

    first = publish("code-1")
    again = publish("code-1")
    assert not first.unchanged and again.unchanged
    assert again.snapshot_id == first.snapshot_id
    assert (
        json.loads((publish_dir / "manifest.json").read_text())["snapshot_id"] == first.snapshot_id
    )
    other_code = publish("code-2")
    assert not other_code.unchanged and other_code.snapshot_id != first.snapshot_id
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "insert into landing.streaming_history values (2, timestamptz '2024-02-01 00:00:00+00')"
        )
    new_plays = publish("code-2")
    assert not new_plays.unchanged and new_plays.snapshot_id != other_code.snapshot_id
    (publish_dir / "fact_plays.parquet").unlink()  # a snapshot file went missing: write it again
    assert not publish("code-2").unchanged
