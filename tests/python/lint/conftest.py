"""One `dbt parse` for every check on the manifest (dbt-bouncer, dbt-score, the DAG rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fetchers.dbt_runner import run_dbt


@pytest.fixture(scope="session")
def manifest_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("lint_target")
    outcome = run_dbt(
        ["parse"], duckdb_path=target / "parse.duckdb", target_path=target, quiet=True
    )
    assert outcome.success, outcome.failures
    return target
