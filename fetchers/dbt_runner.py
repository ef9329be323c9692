"""Running dbt in-process (the documented dbtRunner API) against a chosen warehouse file."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class DbtOutcome:
    success: bool
    failures: list[str]


@contextmanager
def _environment(duckdb_path: Path) -> Iterator[None]:
    previous = os.environ.get("DUCKDB_PATH")
    os.environ["DUCKDB_PATH"] = str(duckdb_path)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DUCKDB_PATH", None)
        else:
            os.environ["DUCKDB_PATH"] = previous


def run_dbt(
    args: Sequence[str],
    *,
    duckdb_path: Path,
    project_dir: Path = PROJECT_DIR,
    target_path: Path | None = None,
    quiet: bool = False,
) -> DbtOutcome:
    """Run one dbt command (e.g. ["build"]) on `duckdb_path`; return success and failed nodes."""
    from dbt.cli.main import dbtRunner  # imported late: dbt is slow to import

    cli_args = [*args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    if target_path is not None:
        cli_args += ["--target-path", str(target_path)]
        cli_args += ["--log-path", str(target_path / "logs")]
    if quiet:
        cli_args = ["--quiet", *cli_args]
    with _environment(duckdb_path):
        result = dbtRunner().invoke(cli_args)
    failures: list[str] = []
    if result.result is not None and hasattr(result.result, "results"):
        for node_result in result.result.results:
            status = str(getattr(node_result, "status", "")).lower()
            if status in {"error", "fail", "runtimeerror"}:
                failures.append(f"{node_result.node.unique_id}: {node_result.message}")
    if result.exception is not None:
        failures.append(str(result.exception))
    return DbtOutcome(success=bool(result.success), failures=failures)
