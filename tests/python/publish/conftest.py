from __future__ import annotations

from pathlib import Path

import pytest

from ..demo_build import demo_warehouse


@pytest.fixture(scope="session")
def demo_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse of the session's demo build (`dbt build` has published it)."""
    return demo_warehouse(tmp_path_factory)
