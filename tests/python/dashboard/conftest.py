from __future__ import annotations

from pathlib import Path

import pytest

from ..demo_build import demo_warehouse


@pytest.fixture(scope="session")
def demo_published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The publish folder of the session's demo build."""
    return demo_warehouse(tmp_path_factory).parent / "published"
