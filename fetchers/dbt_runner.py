"""Running dbt against a chosen warehouse file, in a child process.

A child process (not dbt's in-process runner) because dbt-duckdb keeps its DuckDB connection open
for the life of the process: the caller could not open the warehouse again afterwards (the demo
reads the marts right after `dbt build`), and a second invocation would inherit dbt's global state.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# a node's result line: `12:00:01  7 of 330 OK created sql view model ...` (not `START`)
_NODE_DONE = re.compile(r"^\S*\s*(\d+) of (\d+) (?!START\b)[A-Z]")


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


def node_done(line: str) -> tuple[int, int] | None:
    """(n, total) when `line` is dbt's result line of its n-th node of `total`, else None."""
    match = _NODE_DONE.match(line)
    return (int(match.group(1)), int(match.group(2))) if match else None


def nodes_run(target_path: Path) -> Counter[str]:
    """Nodes of the last run by resource type (`model`, `test`, `unit_test`, `seed`, ...),
    from its run_results.json; empty if there is none."""
    results_file = target_path / "run_results.json"
    if not results_file.is_file():
        return Counter()
    results = json.loads(results_file.read_text(encoding="utf-8")).get("results", [])
    return Counter(str(result["unique_id"]).split(".", 1)[0] for result in results)


def run_dbt(
    args: Sequence[str],
    *,
    duckdb_path: Path,
    project_dir: Path = PROJECT_DIR,
    target_path: Path | None = None,
    quiet: bool = False,
    stream_output: bool = False,
    on_line: Callable[[str], None] | None = None,
) -> DbtOutcome:
    """Run one dbt command (e.g. ["build"]) on `duckdb_path`; return success and failed nodes.

    `target_path` keeps dbt's artefacts and logs out of the project (tests, parallel runs);
    `stream_output` lets dbt print to the terminal as it goes instead of capturing it;
    `on_line` receives each line of dbt's output as it comes (captured as well). dbt colours
    its output only when it goes to a terminal.
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
    to_terminal = stream_output and on_line is None and sys.stdout.isatty()
    # absolute: dbt runs in the project directory, the caller may not
    environment = {**os.environ, "DUCKDB_PATH": str(duckdb_path.resolve())}
    if not to_terminal:
        environment["DBT_USE_COLORS"] = "false"
    if on_line is not None:
        returncode, output = _run_streaming(command, project_dir, environment, on_line)
    else:
        completed = subprocess.run(
            command,
            cwd=project_dir,
            env=environment,
            text=True,
            stdout=None if stream_output else subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
        )
        returncode, output = completed.returncode, completed.stdout or ""
    failures = _failures_from_run_results(target_path or project_dir / "target")
    if returncode != 0 and not failures:
        failures = [output[-4000:] or f"dbt exited with code {returncode}"]
    return DbtOutcome(success=returncode == 0, failures=failures, output=output)


def _run_streaming(
    command: list[str], cwd: Path, environment: dict[str, str], on_line: Callable[[str], None]
) -> tuple[int, str]:
    """Run dbt, handing each output line to `on_line` as it comes; (exit code, all output)."""
    lines: list[str] = []
    with subprocess.Popen(
        command,
        cwd=cwd,
        env=environment,
        text=True,
        encoding="utf-8",
        errors="replace",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        bufsize=1,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            on_line(line.rstrip("\n"))
    return process.returncode, "".join(lines)
