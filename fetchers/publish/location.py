"""Where the published snapshot lives: one rule for dbt's hook, the CLI and the dashboard."""

from __future__ import annotations

from pathlib import Path

SNAPSHOT_FILE = "marts.duckdb"
# The same snapshot under a second name (a hard link): opened directly, `marts.duckdb` is a
# catalog named `marts` holding a schema `marts`, and DuckDB rejects `marts.fact_plays` there as
# ambiguous (it wants `marts.marts.fact_plays`); in `listening.duckdb`, `marts.fact_plays` works.
SNAPSHOT_ALIAS_FILE = "listening.duckdb"
MANIFEST_FILE = "manifest.json"
DEFAULT_PUBLISH_FOLDER = "published"


def publish_dir_for(warehouse_path: Path | str, env: dict[str, str]) -> Path:
    """`PUBLISH_DIR` when set, else a `published/` folder beside the warehouse file."""
    configured = env.get("PUBLISH_DIR")
    if configured:
        return Path(configured)
    return Path(warehouse_path).parent / DEFAULT_PUBLISH_FOLDER


def snapshot_path(publish_dir: Path) -> Path:
    return publish_dir / SNAPSHOT_FILE


def snapshot_alias_path(publish_dir: Path) -> Path:
    return publish_dir / SNAPSHOT_ALIAS_FILE


def parquet_path(publish_dir: Path, mart: str) -> Path:
    return publish_dir / f"{mart}.parquet"
