"""Running dbt against a chosen warehouse file, in a child process.

A child process (not dbt's in-process runner) because dbt-duckdb keeps its DuckDB connection open
for the life of the process: the caller could not open the warehouse again afterwards (the demo
reads the marts right after `dbt build`), and a second invocation would inherit dbt's global state.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class DbtOutcome:
    success: bool
    failures: list[str]
    output: str


def _failures_from_run_results(target_path: Path) -> list[str]:
    results_file = target_path / "run_results.json"
    if not results_file.is_file():
        return []
    results = json.loads(results_file.read_text(encoding="utf-8")).get("results", [])
    return [
        f"{result['unique_id']}: {result.get('message')}"
        for result in results
        if result.get("status") in {"error", "fail", "runtime error"}
    ]


def run_dbt(
    args: Sequence[str],
    *,
    duckdb_path: Path,
    project_dir: Path = PROJECT_DIR,
    target_path: Path | None = None,
    quiet: bool = False,
    stream_output: bool = False,
) -> DbtOutcome:
    """Run one dbt command (e.g. ["build"]) on `duckdb_path`; return success and failed nodes.

    `target_path` keeps dbt's artefacts and logs out of the project (tests, parallel runs);
    `stream_output` lets dbt print to the terminal as it goes instead of capturing it.
    """
    if not (project_dir / "dbt_project.yml").is_file():
        raise FileNotFoundError(
            f"No dbt project at {project_dir}: install the package from a clone of the repository "
            "with `pip install -e .` and run commands from there."
        )
    # dbt's own entry point (`python -m dbt.cli.main` warns about the module being imported twice)
    command = [sys.executable, "-c", "from dbt.cli.main import cli; cli(prog_name='dbt')"]
    if quiet:
        command.append("--quiet")
    command += [*args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    if target_path is not None:
        command += ["--target-path", str(target_path), "--log-path", str(target_path / "logs")]
    # absolute: dbt runs in the project directory, the caller may not
    environment = {**os.environ, "DUCKDB_PATH": str(duckdb_path.resolve())}
    completed = subprocess.run(
        command,
        cwd=project_dir,
        env=environment,
        text=True,
        stdout=None if stream_output else subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
    )
    output = completed.stdout or ""
    failures = _failures_from_run_results(target_path or project_dir / "target")
    if completed.returncode != 0 and not failures:
        failures = [output[-4000:] or f"dbt exited with code {completed.returncode}"]
    return DbtOutcome(success=completed.returncode == 0, failures=failures, output=output)
