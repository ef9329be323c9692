"""A contracted mart that is a view cannot carry constraints (dbt skips them on views), so the
generic test contract_not_null checks its contract's not-null columns instead: a null slipped
into the table under the view fails the build's test and names the model."""

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
