"""What a build guards beyond its data tests: a contracted mart that is a view (dbt skips
constraints on views) has its not-null columns checked by the generic test contract_not_null,
and a model that runs out of memory makes the build say which setting to raise."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from fetchers.dbt_runner import run_dbt

from ..demo_build import copy_warehouse, demo_warehouse


def test_a_null_under_a_contracted_view_fails_its_test(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    warehouse = copy_warehouse(demo_warehouse(tmp_path_factory), tmp_path / "copy")
    with duckdb.connect(str(warehouse)) as con:
        # one session loses its skip count; every streak keeps its figures
        con.execute(
            """
            update intermediate.int_sessions_formed set skips = null
            where session_id = (select min(session_id) from intermediate.int_sessions_formed)
            """
        )
    outcome = run_dbt(
        ["test", "--select", "test_name:contract_not_null"],
        duckdb_path=warehouse,
        target_path=tmp_path / "target",
        quiet=True,
    )
    assert not outcome.success
    failed = " ".join(outcome.failures)
    assert "contract_not_null_fact_sessions_" in failed
    assert "agg_user_streaks" not in failed
    assert "agg_user_listening_daily" not in failed


def test_a_build_out_of_memory_says_which_setting_to_raise(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = copy_warehouse(demo_warehouse(tmp_path_factory), tmp_path / "copy")
    monkeypatch.setenv("DUCKDB_MEMORY_LIMIT", "4MB")  # enough to open, too little to build
    outcome = run_dbt(
        ["run", "--select", "int_plays_deduplicated", "--full-refresh"],
        duckdb_path=warehouse,
        target_path=tmp_path / "target",
    )
    assert not outcome.success
    assert "Out of Memory" in " ".join(outcome.failures)
    assert "ran out of memory under the limit of" in outcome.output
    assert "Set DUCKDB_MEMORY_LIMIT higher" in outcome.output
