"""Shared fixtures: small generated exports (module-scoped: generating is fast but not free)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from fetchers.generate import GenerateOptions, Manifest, generate_exports

# The genuine Spotify exports the repository holds (copied unchanged from the published,
# anonymised fixtures; the ingest and contract tests read the same files).
GENUINE = Path(__file__).resolve().parents[1] / "ingest" / "data" / "spotify"


@pytest.fixture(scope="session")
def genuine() -> Path:
    """The folder of genuine Spotify exports: endsong_era/ and 2026_export/."""
    return GENUINE


def read_member(out_dir: Path, path: str, member: str | None) -> bytes:
    if member is None:
        return (out_dir / path).read_bytes()
    with zipfile.ZipFile(out_dir / path) as archive:
        return archive.read(member)


def rows_of(manifest: Manifest, kinds: set[str], generation: str | None = None) -> list[dict]:
    out_dir = Path(manifest.out_dir)
    rows: list[dict] = []
    for file in manifest.files:
        if file.kind in kinds and (generation is None or file.format == generation):
            rows += json.loads(read_member(out_dir, file.path, file.member))
    return rows


@pytest.fixture(scope="session")
def read_rows():
    """rows_of(manifest, kinds, generation=None): the parsed rows of matching files."""
    return rows_of


@pytest.fixture(scope="session")
def read_file():
    """read_member(out_dir, path, member): the bytes of a loose file or zip member."""
    return read_member


ALL_FORMATS = ("endsong_era", "2024", "2025", "account_data")


@pytest.fixture(scope="module")
def mixed_export(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    """Eight users over all four formats, overlapping re-exports, several files per export."""
    out = tmp_path_factory.mktemp("mixed")
    options = GenerateOptions(formats=ALL_FORMATS, rows_per_file=700)
    return generate_exports(out, users=8, plays=16_000, seed=11, options=options)
