"""The linters CI runs next to the tests: sqlfluff on the SQL, dbt-bouncer and dbt-score on the
manifest, ruff on the Python. Each test fails with the linter's own report."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from fetchers.dbt_runner import PROJECT_DIR

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run `pip install -e '.[test]'`")
    return found


def _run(args: list[str], cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    result = _run([_tool("ruff"), "check", "fetchers", "tests", "benchmarks"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_dbt_bouncer_conventions_hold(manifest_dir: Path, tmp_path: Path) -> None:
    config = yaml.safe_load((PROJECT_DIR / "dbt-bouncer.yml").read_text())
    config["dbt_artifacts_dir"] = str(manifest_dir)
    config_file = tmp_path / "dbt-bouncer.yml"
    config_file.write_text(yaml.safe_dump(config))
    result = _run([_tool("dbt-bouncer"), "run", "--config-file", str(config_file)])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_dbt_score_meets_the_bar(manifest_dir: Path) -> None:
    result = _run([_tool("dbt-score"), "lint", "--manifest", str(manifest_dir / "manifest.json")])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_sqlfluff_lints_models_clean(tmp_path: Path) -> None:
    # the dbt templater compiles through dbt: keep its artefacts and warehouse out of the tree
    env_target = tmp_path / "target"
    result = subprocess.run(
        [_tool("sqlfluff"), "lint", "models", "--processes", "2", "--disable-progress-bar"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=900,
        env={
            **os.environ,
            "DUCKDB_PATH": str(tmp_path / "lint.duckdb"),
            "DBT_TARGET_PATH": str(env_target),
            "DBT_LOG_PATH": str(tmp_path / "logs"),
        },
    )
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
