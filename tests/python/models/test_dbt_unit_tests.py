"""The dbt unit tests (every formula on hand-computed inputs) run here, in CI.

A plain `dbt build` leaves them out (selectors.yml: their answer cannot change with anyone's
data); this runs every node, unit tests included, on an empty warehouse: `--empty` builds each
model with no rows, which is all a unit test needs of its parents, and runs the data tests on
the empty tables too.
"""

from __future__ import annotations

import json
from pathlib import Path

from fetchers.dbt_runner import run_dbt
from fetchers.warehouse import open_landing


def test_every_dbt_unit_test_passes(tmp_path: Path) -> None:
    warehouse = tmp_path / "unit.duckdb"
    with open_landing(warehouse):
        pass  # the landing tables dbt reads as sources
    target = tmp_path / "target"
    outcome = run_dbt(
        ["build", "--selector", "everything", "--empty"],
        duckdb_path=warehouse,
        target_path=target,
        quiet=True,
    )
    assert outcome.success, "\n".join(outcome.failures)
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    unit_tests = [r for r in results if r["unique_id"].startswith("unit_test.")]
    assert len(unit_tests) >= 40, len(unit_tests)  # they ran, not a selection that skipped them
    assert {r["status"] for r in unit_tests} == {"pass"}


def test_a_plain_build_leaves_unit_tests_to_ci(tmp_path: Path) -> None:
    """What `dbt build` selects with no --select: every model and data test, no unit test."""
    target = tmp_path / "target"
    outcome = run_dbt(
        ["ls", "--resource-type", "all", "--output", "json", "--output-keys", "resource_type"],
        duckdb_path=tmp_path / "ls.duckdb",
        target_path=target,
        quiet=True,
    )
    assert outcome.success, "\n".join(outcome.failures)
    kinds = {
        json.loads(line)["resource_type"]
        for line in outcome.output.splitlines()
        if line.startswith("{")
    }
    assert "unit_test" not in kinds
    assert {"model", "test", "seed"} <= kinds
