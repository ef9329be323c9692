from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from tests.python.demo_build import demo_warehouse


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the session's demo warehouse (built once per session, shared
    with the dashboard and publish tests), with `marts` as the default schema."""
    warehouse = demo_warehouse(tmp_path_factory)
    connection = duckdb.connect(str(warehouse), read_only=True)
    connection.execute("use marts")
    yield connection
    connection.close()
