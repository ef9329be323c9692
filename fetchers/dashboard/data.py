"""The dashboard's door to the queries: each result cached per snapshot and parameters.

The cache key is the query's name, the snapshot id (read through the run's own connection, see
snapshot.py) and the parameters; the connection itself is not part of the key. A new publish has
a new id, so the next rerun (a reload) queries the new snapshot and old entries age out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from fetchers.dashboard import queries
from fetchers.dashboard.snapshot import OpenSnapshot

Query = Callable[..., pd.DataFrame]


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(
    query_name: str, snapshot_id: str, params: tuple[Any, ...], _snapshot: OpenSnapshot
) -> pd.DataFrame:
    query: Query = getattr(queries, query_name)
    return query(_snapshot.connection, *params)


def fetch(snapshot: OpenSnapshot, query: Query, *params: Any) -> pd.DataFrame:
    """`query(connection, *params)` on the snapshot, through the cache."""
    if getattr(queries, query.__name__, None) is not query:
        raise ValueError(f"{query.__name__} is not a query of fetchers.dashboard.queries")
    return _cached(query.__name__, snapshot.snapshot_id, params, snapshot)
