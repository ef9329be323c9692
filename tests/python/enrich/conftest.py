from __future__ import annotations

import pytest

from .enrich_fakes import load_fixture


@pytest.fixture
def fixture_body():
    return load_fixture
