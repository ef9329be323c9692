"""dbt-duckdb plugin: gives dbt's DuckDB connection the SQL function that publishes the marts.

dbt hooks run SQL only; the file switch needs Python (`os.replace`). dbt-duckdb calls each
profile plugin's `configure_connection` when it opens the warehouse, so the function registered
here is there for the `on-run-end` hook (macros/publish/publish_marts.sql), which calls
`select publish_marts_snapshot(<catalog>, <build token>)` after a build without errors or
failures; the build token (a hash of the compiled code of the models and seeds it ran) lets a
build whose inputs are those of the published snapshot skip writing it again.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from dbt.adapters.duckdb.plugins import BasePlugin

from fetchers.config import load_environment
from fetchers.publish.location import publish_dir_for
from fetchers.publish.snapshot import publish_marts

PUBLISH_FUNCTION = "publish_marts_snapshot"


class Plugin(BasePlugin):
    def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
        def publish(catalog: str, build_token: str) -> str:
            # a cursor is a second connection to the same database: it sees what the build
            # committed, and its queries run while this function is being called
            cursor = conn.cursor()
            try:
                return publish_marts(
                    cursor,
                    catalog=catalog,
                    publish_dir=self._publish_dir(),
                    build_token=build_token,
                ).summary()
            finally:
                cursor.close()

        conn.create_function(
            PUBLISH_FUNCTION,
            publish,
            [duckdb.sqltypes.VARCHAR, duckdb.sqltypes.VARCHAR],
            duckdb.sqltypes.VARCHAR,
            side_effects=True,
        )

    def _publish_dir(self) -> Path:
        warehouse = self.creds.path if self.creds is not None else None
        env = load_environment()
        if not env.get("PUBLISH_DIR") and (not warehouse or warehouse == ":memory:"):
            raise ValueError("An in-memory warehouse has no folder beside it: set PUBLISH_DIR.")
        return publish_dir_for(warehouse or "", env)
