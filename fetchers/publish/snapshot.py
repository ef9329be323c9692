"""Write the marts as a new snapshot beside the published one, then switch to it atomically.

Why this shape: DuckDB allows one writing process per file and a reader's lock blocks a writer, so
readers (SQL clients, the dashboard, notebooks) must never open the warehouse, and the publisher
must never write a file a reader has open. The new snapshot is written under a hidden temporary
name in the publish folder (same file system) and renamed over the old one with `os.replace`,
which is atomic on POSIX: a reader that has the old file open keeps reading its inode (the space
is freed when it closes), and the next open sees the new file. A reader sees the old snapshot or
the new one, never a mix.

`marts.duckdb` is one file, so it is one snapshot by construction. The Parquet files are switched
one by one right after it, under the same lock; each file is whole, and each carries the snapshot
id in its key-value metadata (`snapshot_id`), as does `manifest.json`, written last. A reader that
combines several Parquet files and must not straddle a publish compares those ids (or reads
`marts.duckdb`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from fetchers.landing_schema import LANDING_TABLES
from fetchers.landing_schema import SCHEMA as LANDING_SCHEMA
from fetchers.publish.location import (
    MANIFEST_FILE,
    parquet_path,
    snapshot_alias_path,
    snapshot_path,
)
from fetchers.warehouse import connect

MARTS_SCHEMA = "marts"
LOCK_FILE = ".publish.lock"
STAGED_DB_PREFIX = ".marts-"
STAGED_PARQUET_PREFIX = ".parquet-"
STAGED_SUFFIX = ".tmp"
# dbt's transient relations (incremental temp tables, backups) are not marts.
DBT_TRANSIENT_MARKER = "__dbt_"
# the columns that say when a landing row arrived (landing is append-only: a table's row count and
# latest arrival name its state)
ARRIVAL_COLUMNS = ("loaded_at", "fetched_at", "set_at")


class NothingToPublishError(RuntimeError):
    """The warehouse has no marts yet (never built, or built without the marts)."""


@dataclass(frozen=True)
class PublishResult:
    snapshot_id: str
    publish_dir: Path
    marts: tuple[str, ...]
    seconds: float
    unchanged: bool = False  # the published snapshot already holds these marts: nothing written

    def summary(self) -> str:
        if self.unchanged:
            return (
                f"Marts unchanged since snapshot {self.snapshot_id} in {self.publish_dir}: "
                f"nothing new to publish ({self.seconds:.1f} s to tell)"
            )
        return (
            f"Published {len(self.marts)} marts to {self.publish_dir} "
            f"({snapshot_path(self.publish_dir).name} and one Parquet file each; "
            f"snapshot {self.snapshot_id}) in {self.seconds:.1f} s"
        )


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def list_marts(connection: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    """Every table and view of the catalog's `marts` schema, whatever its materialisation."""
    rows = connection.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = ? and table_schema = ? order by table_name",
        [catalog, MARTS_SCHEMA],
    ).fetchall()
    return [name for (name,) in rows if DBT_TRANSIENT_MARKER not in name]


def new_snapshot_id() -> str:
    """Sortable by time, unique across concurrent publishers."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{secrets.token_hex(3)}"


def landing_state(connection: duckdb.DuckDBPyConnection, catalog: str) -> str:
    """Each landing table's row count and latest arrival: what the build's data was built from
    (landing is append-only, so these name its state)."""
    parts = []
    for table, definition in sorted(LANDING_TABLES.items()):
        arrival = next(c for c in ARRIVAL_COLUMNS if c in definition.column_names)
        relation = f"{quote_identifier(catalog)}.{LANDING_SCHEMA}.{quote_identifier(table)}"
        try:
            count, latest = connection.execute(
                f"select count(*), max({arrival}) from {relation}"
            ).fetchone() or (0, None)
        except duckdb.CatalogException:  # a landing table this warehouse does not have yet
            count, latest = 0, None
        parts.append(f"{table}:{count}:{latest.isoformat() if latest else '-'}")
    return ";".join(parts)


def inputs_token(connection: duckdb.DuckDBPyConnection, catalog: str, build_token: str) -> str:
    """The marts are a deterministic function of landing and the compiled project (models,
    seeds, vars): the same landing state and the same build token give the same marts."""
    state = f"{build_token}|{landing_state(connection, catalog)}"
    return hashlib.sha256(state.encode("utf-8")).hexdigest()


def publish_marts(
    connection: duckdb.DuckDBPyConnection,
    *,
    catalog: str,
    publish_dir: Path,
    build_token: str | None = None,
) -> PublishResult:
    """Publish every mart of `catalog` to `publish_dir`; the switch happens only if all was written.

    `connection` may be dbt's own (from the on-run-end hook) or a read-only one to the warehouse:
    it only reads the warehouse; the snapshot is written to a database attached for the purpose.
    `build_token` (the hook's: a hash of the compiled code of every model and seed the build ran)
    lets a build whose inputs are those of the published snapshot skip writing it again.
    """
    started = time.perf_counter()
    marts = list_marts(connection, catalog)
    if not marts:
        raise NothingToPublishError(
            f"The warehouse ({catalog}) has no marts yet: run `dbt build` (or "
            "`python -m fetchers demo` for the sample), which publishes them when it succeeds."
        )
    publish_dir.mkdir(parents=True, exist_ok=True)
    token = None if build_token is None else inputs_token(connection, catalog, build_token)
    snapshot_id = new_snapshot_id()
    with _exclusive_lock(publish_dir):
        current = read_manifest(publish_dir)
        if token is not None and _is_published(current, token, marts, publish_dir):
            return PublishResult(
                snapshot_id=str(current["snapshot_id"]),
                publish_dir=publish_dir,
                marts=tuple(marts),
                seconds=time.perf_counter() - started,
                unchanged=True,
            )
        _remove_leftovers(publish_dir)
        staged_db, staged_parquet = _write_staged(
            connection, catalog, marts, publish_dir, snapshot_id
        )
        _switch(staged_db, staged_parquet, publish_dir, marts, snapshot_id, token)
    return PublishResult(
        snapshot_id=snapshot_id,
        publish_dir=publish_dir,
        marts=tuple(marts),
        seconds=time.perf_counter() - started,
    )


@contextmanager
def _exclusive_lock(publish_dir: Path) -> Iterator[None]:
    """One publisher at a time (a `dbt build` and `python -m fetchers publish` may overlap)."""
    with (publish_dir / LOCK_FILE).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_leftovers(publish_dir: Path) -> None:
    """Staged files of a publish that was killed half-way (safe: we hold the lock)."""
    for path in publish_dir.iterdir():
        staged = path.name.startswith((STAGED_DB_PREFIX, STAGED_PARQUET_PREFIX))
        if not staged or STAGED_SUFFIX not in path.name:
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _write_staged(
    connection: duckdb.DuckDBPyConnection,
    catalog: str,
    marts: list[str],
    publish_dir: Path,
    snapshot_id: str,
) -> tuple[Path, Path]:
    """The new snapshot under temporary names, read in one transaction (one state of the marts)."""
    staged_db = publish_dir / f"{STAGED_DB_PREFIX}{snapshot_id}.duckdb{STAGED_SUFFIX}"
    staged_parquet = publish_dir / f"{STAGED_PARQUET_PREFIX}{snapshot_id}{STAGED_SUFFIX}"
    staged_parquet.mkdir()
    alias = quote_identifier(f"publish_{snapshot_id.replace('-', '_')}")
    source_schema = f"{quote_identifier(catalog)}.{MARTS_SCHEMA}"
    kv_metadata = f"{{snapshot_id: {quote_literal(snapshot_id)}}}"
    # READ_WRITE: a connection opened read-only would otherwise attach read-only too
    connection.execute(f"attach {quote_literal(str(staged_db))} as {alias} (read_write)")
    try:
        connection.execute("begin transaction")
        try:
            connection.execute(f"create schema {alias}.{MARTS_SCHEMA}")
            for mart in marts:
                source = f"{source_schema}.{quote_identifier(mart)}"
                target = f"{alias}.{MARTS_SCHEMA}.{quote_identifier(mart)}"
                connection.execute(f"create table {target} as select * from {source}")
                parquet = quote_literal(str(staged_parquet / f"{mart}.parquet"))
                # from the table just written: a mart that is a view is computed once, and the
                # Parquet file holds exactly what marts.duckdb holds
                connection.execute(
                    f"copy {target} to {parquet} "
                    f"(format parquet, compression snappy, kv_metadata {kv_metadata})"
                )
            connection.execute(
                f"create table {alias}.main.snapshot_info as select ? as snapshot_id, "
                "current_timestamp as published_at, ? as mart_count",
                [snapshot_id, len(marts)],
            )
            connection.execute("commit")
        except BaseException:
            connection.execute("rollback")
            raise
    finally:
        # detaching checkpoints and closes the file: it is complete before anyone can see it
        connection.execute(f"detach {alias}")
    return staged_db, staged_parquet


def _is_published(
    manifest: dict[str, Any], token: str, marts: list[str], publish_dir: Path
) -> bool:
    """The published snapshot was made from these very inputs and every file of it is there."""
    return (
        manifest.get("inputs_token") == token
        and manifest.get("marts") == marts
        and snapshot_path(publish_dir).is_file()
        and snapshot_alias_path(publish_dir).is_file()
        and all(parquet_path(publish_dir, mart).is_file() for mart in marts)
    )


def _switch(
    staged_db: Path,
    staged_parquet: Path,
    publish_dir: Path,
    marts: list[str],
    snapshot_id: str,
    token: str | None = None,
) -> None:
    previous = read_manifest(publish_dir)
    os.replace(staged_db, snapshot_path(publish_dir))
    _link_alias(publish_dir, snapshot_id)
    for mart in marts:
        os.replace(staged_parquet / f"{mart}.parquet", parquet_path(publish_dir, mart))
    for dropped in set(previous.get("marts") or []) - set(marts):
        parquet_path(publish_dir, dropped).unlink(missing_ok=True)
    manifest = {
        "snapshot_id": snapshot_id,
        "published_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "snapshot_file": snapshot_path(publish_dir).name,
        "snapshot_alias_file": snapshot_alias_path(publish_dir).name,
        "marts": marts,
        # what the snapshot was made from (null: published on demand); see inputs_token
        "inputs_token": token,
    }
    staged_manifest = publish_dir / f"{STAGED_DB_PREFIX}{snapshot_id}.manifest{STAGED_SUFFIX}"
    staged_manifest.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(staged_manifest, publish_dir / MANIFEST_FILE)
    shutil.rmtree(staged_parquet, ignore_errors=True)


def _link_alias(publish_dir: Path, snapshot_id: str) -> None:
    """`listening.duckdb`: the snapshot just switched in, under the name whose catalog does not
    clash with its `marts` schema; a hard link (no copy), switched in the same way."""
    staged_alias = publish_dir / f"{STAGED_DB_PREFIX}{snapshot_id}.alias{STAGED_SUFFIX}"
    try:
        os.link(snapshot_path(publish_dir), staged_alias)
    except OSError:  # a file system without hard links: a copy, still switched atomically
        shutil.copyfile(snapshot_path(publish_dir), staged_alias)
    os.replace(staged_alias, snapshot_alias_path(publish_dir))


def read_manifest(publish_dir: Path) -> dict[str, Any]:
    """The current snapshot's manifest, or {} when nothing was published (or it is unreadable)."""
    try:
        manifest = json.loads((publish_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def publish_from_warehouse(warehouse_path: Path, publish_dir: Path) -> PublishResult:
    """Publish on demand from the warehouse file, opened read-only (the CLI's `publish`)."""
    if not warehouse_path.is_file():
        raise NothingToPublishError(
            f"There is no warehouse at {warehouse_path} yet: run `python -m fetchers demo` for "
            "the sample, or load your exports with `python -m fetchers ingest` and run "
            "`dbt build`, which publishes the marts when it succeeds."
        )
    connection = connect(warehouse_path, read_only=True)
    try:
        (catalog,) = connection.execute("select current_database()").fetchone() or ("",)
        return publish_marts(connection, catalog=catalog, publish_dir=publish_dir)
    finally:
        connection.close()
