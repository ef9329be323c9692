"""Opening the published snapshot read-only: the one way the dashboard and the report read data.

The connection is opened per use and read-only. The snapshot's id is read through that same
connection, so whatever is cached under the id came from that file: a publish that switches the
file in between cannot mix two snapshots under one id.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from fetchers.config import WarehouseSettings, load_environment
from fetchers.publish.location import publish_dir_for, snapshot_path
from fetchers.publish.snapshot import quote_literal

WHAT_TO_RUN = (
    "run `python -m fetchers demo` for the sample, or load your exports "
    "(`python -m fetchers ingest PATH --user NAME`) and run `dbt build`, which publishes the "
    "marts when it succeeds (`python -m fetchers publish` publishes an existing build)"
)


# the name readers attach the snapshot under (see open_snapshot)
CATALOG = "published"


class SnapshotMissingError(RuntimeError):
    """Nothing has been published to the folder yet."""


@dataclass(frozen=True)
class OpenSnapshot:
    connection: duckdb.DuckDBPyConnection
    path: Path
    snapshot_id: str
    published_at: datetime | None
    marts: frozenset[str]

    def has(self, *marts: str) -> bool:
        return all(mart in self.marts for mart in marts)

    def missing(self, *marts: str) -> list[str]:
        return [mart for mart in marts if mart not in self.marts]


def publish_dir_from_env(env: dict[str, str] | None = None) -> Path:
    """The folder readers use: `PUBLISH_DIR`, else `published/` beside `DUCKDB_PATH`."""
    env = load_environment() if env is None else env
    return publish_dir_for(WarehouseSettings.from_env(env).duckdb_path, env)


@contextmanager
def open_snapshot(publish_dir: Path) -> Iterator[OpenSnapshot]:
    """The published snapshot, attached read-only as `published` (and made the default catalog)."""
    path = snapshot_path(publish_dir)
    if not path.is_file():
        raise SnapshotMissingError(f"Nothing is published in {publish_dir} yet: {WHAT_TO_RUN}.")
    # Attached under another name: opened directly, the file's catalog would be called `marts`
    # like its schema, and DuckDB rejects `marts.<table>` as ambiguous. An in-memory connection
    # also opens the file afresh each time, so a new publish is seen by the next open.
    connection = duckdb.connect()
    try:
        connection.execute(f"attach {quote_literal(str(path))} as {CATALOG} (read_only)")
        connection.execute(f"use {CATALOG}")
        snapshot_id, published_at = _identity(connection, path)
        marts = connection.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = ? and table_schema = 'marts'",
            [CATALOG],
        ).fetchall()
        yield OpenSnapshot(
            connection=connection,
            path=path,
            snapshot_id=snapshot_id,
            published_at=published_at,
            marts=frozenset(name for (name,) in marts),
        )
    finally:
        connection.close()


def _identity(connection: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, datetime | None]:
    try:
        row = connection.execute(
            # naive UTC: a timestamptz would come back in the reader's zone
            "select snapshot_id, timezone('UTC', published_at) from main.snapshot_info"
        ).fetchone()
    except duckdb.CatalogException:
        row = None
    if row is None:
        # a file made some other way: its identity on disk stands in for the id
        stat = path.stat()
        return f"{stat.st_ino}-{stat.st_mtime_ns}", None
    return str(row[0]), row[1]
