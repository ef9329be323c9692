"""One demo build per test session, shared by the demo, publish, dashboard, report and insights
tests.

A `python -m fetchers demo` takes about a minute; each conftest's session fixture calls
`demo_warehouse`, and only the first call builds (the others find the finished build in the
session's temporary folder). Tests that change a warehouse work on a copy (`copy_warehouse`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fetchers.cli import cli

BUILD_FOLDER = "shared-demo-build"
DONE_MARKER = "built"
FAILED_MARKER = "failed"
OUTPUT_FILE = "demo-output.txt"


def demo_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's warehouse (read it, never change it); its snapshot is in `published/`."""
    root = tmp_path_factory.getbasetemp() / BUILD_FOLDER
    warehouse = root / "warehouse.duckdb"
    failure = root / FAILED_MARKER
    if (root / DONE_MARKER).is_file():
        return warehouse
    # a failed build fails every test that needs it at once, without building again
    assert not failure.is_file(), failure.read_text(encoding="utf-8")
    root.mkdir(exist_ok=True)
    # PUBLISH_DIR pinned to the default place, whatever the developer's environment says
    env = {"DUCKDB_PATH": str(warehouse), "PUBLISH_DIR": str(root / "published")}
    result = CliRunner().invoke(cli, ["demo"], env=env)
    if result.exit_code != 0:
        failure.write_text(f"The demo build failed:\n{result.output}", encoding="utf-8")
    assert result.exit_code == 0, result.output
    (root / OUTPUT_FILE).write_text(result.output, encoding="utf-8")
    (root / DONE_MARKER).touch()
    return warehouse


def demo_output(warehouse: Path) -> str:
    """What the shared demo build printed (`demo_warehouse` first)."""
    return (warehouse.parent / OUTPUT_FILE).read_text(encoding="utf-8")


def copy_warehouse(warehouse: Path, folder: Path) -> Path:
    """A copy of the warehouse file (and its published snapshot) in `folder`, to change freely."""
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / warehouse.name
    shutil.copy2(warehouse, copy)
    wal = warehouse.with_name(warehouse.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, copy.with_name(copy.name + ".wal"))
    published = warehouse.parent / "published"
    if published.is_dir():
        shutil.copytree(published, folder / "published", dirs_exist_ok=True)
    return copy
