"""The demo's output: one line per stage, dbt's own output in a log file it names, no terminal
control codes when the output is not a terminal (dbt replaced by a stand-in here; the real
build runs in test_demo.py)."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from fetchers import dbt_runner
from fetchers.cli import cli
from fetchers.dbt_runner import DbtOutcome, node_done, run_dbt
from fetchers.demo import command

DBT_LINES = [
    "16:38:02  Running with dbt=1.11.0",
    "16:38:03  1 of 3 START sql view model staging.stg_a ........ [RUN]",
    "16:38:03  1 of 3 OK created sql view model staging.stg_a ... [OK in 0.05s]",
    "16:38:03  2 of 3 START test not_null_stg_a_id ........... [RUN]",
    "16:38:03  2 of 3 PASS not_null_stg_a_id ................. [PASS in 0.02s]",
    "16:38:04  3 of 3 ERROR creating sql table model marts.b .. [ERROR in 0.1s]",
    "16:38:04  Done. PASS=2 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=3",
]


def test_node_done_reads_result_lines_only() -> None:
    assert [node_done(line) for line in DBT_LINES] == [
        None,
        None,
        (1, 3),
        None,
        (2, 3),
        (3, 3),
        None,
    ]


class _FakeProcess:
    def __init__(self, lines: list[str]) -> None:
        self.stdout = iter(line + "\n" for line in lines)
        self.returncode = 0

    def __enter__(self) -> _FakeProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def test_dbt_colours_are_off_unless_its_output_is_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environments: list[dict[str, str]] = []

    def popen(command: list[str], **kwargs: Any) -> _FakeProcess:
        environments.append(kwargs["env"])
        return _FakeProcess(DBT_LINES)

    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        environments.append(kwargs["env"])
        return subprocess.CompletedProcess(command, 0, stdout="")

    monkeypatch.setattr(dbt_runner.subprocess, "Popen", popen)
    monkeypatch.setattr(dbt_runner.subprocess, "run", run)
    seen: list[str] = []
    outcome = run_dbt(["build"], duckdb_path=tmp_path / "w.duckdb", on_line=seen.append)
    assert outcome.success and seen == DBT_LINES
    run_dbt(["build"], duckdb_path=tmp_path / "w.duckdb")  # captured
    run_dbt(["build"], duckdb_path=tmp_path / "w.duckdb", stream_output=True)  # not a tty here
    assert [env.get("DBT_USE_COLORS") for env in environments] == ["false"] * 3


def test_demo_prints_a_line_per_stage_and_logs_dbt_to_a_named_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_dbt(args: list[str], *, duckdb_path: Path, on_line: Any, **_: Any) -> DbtOutcome:
        for line in DBT_LINES[:-2]:
            on_line(line)
        return DbtOutcome(success=True, failures=[], output="")

    monkeypatch.setattr(command, "run_dbt", fake_dbt)
    monkeypatch.setattr(command, "nodes_run", lambda _: Counter(model=1, test=1, seed=2))
    monkeypatch.setattr(command, "summarise", lambda path: None)
    monkeypatch.setattr(command, "format_summary", lambda summary, path: "What the marts hold:")
    warehouse = tmp_path / "wh" / "warehouse.duckdb"
    result = CliRunner().invoke(cli, ["demo"], env={"DUCKDB_PATH": str(warehouse)})
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\r" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert [line.split()[0] for line in lines] == [
        "Warehouse:",
        "ingest",
        "enrich",
        "dbt",
        "What",
    ]
    assert "3 sample users" in lines[1] and "loaded" in lines[1]
    log = warehouse.parent / "logs" / "demo-dbt.log"
    assert f"log: {log}" in lines[3] and "4 nodes (1 models, 1 data tests, 2 seeds)" in lines[3]
    assert log.read_text(encoding="utf-8").splitlines() == DBT_LINES[:-2]
    again = CliRunner().invoke(cli, ["demo"], env={"DUCKDB_PATH": str(warehouse)})
    assert again.exit_code == 0, again.output
    assert "already loaded" in again.output and "0 new plays" in again.output


def test_a_failed_build_names_the_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_dbt(args: list[str], *, duckdb_path: Path, on_line: Any, **_: Any) -> DbtOutcome:
        for line in DBT_LINES:
            on_line(line)
        return DbtOutcome(success=False, failures=["model.listening.b: boom"], output="")

    monkeypatch.setattr(command, "run_dbt", failing_dbt)
    monkeypatch.setattr(command, "_ingest", lambda path: None)  # the stages before: not tested
    monkeypatch.setattr(command, "_enrich", lambda path: None)
    warehouse = tmp_path / "warehouse.duckdb"
    result = CliRunner().invoke(cli, ["demo"], env={"DUCKDB_PATH": str(warehouse)})
    assert result.exit_code == 1
    assert "model.listening.b: boom" in result.output
    assert str(warehouse.parent / "logs" / "demo-dbt.log") in result.output
    assert "Traceback" not in result.output
