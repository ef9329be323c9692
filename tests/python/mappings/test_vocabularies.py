"""The vendored vocabularies are the files their ORIGIN.md describes, each with its licence."""

from __future__ import annotations

import hashlib
import re

from fetchers.mappings.decision_files import VOCABULARIES_DIR

ORIGIN = VOCABULARIES_DIR / "ORIGIN.md"
# A table row of ORIGIN.md: | `file` | ... | `sha256` |
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \|.*\| `(?P<sha256>[0-9a-f]{64})` \|$", re.M)
PAPERWORK = {"ORIGIN.md", "LICENSE-beets.txt"}


def _recorded() -> dict[str, str]:
    return {m["file"]: m["sha256"] for m in ROW.finditer(ORIGIN.read_text(encoding="utf-8"))}


def test_every_vendored_file_is_recorded_with_its_checksum() -> None:
    vendored = {path.name for path in VOCABULARIES_DIR.iterdir()} - PAPERWORK
    recorded = _recorded()
    assert set(recorded) == vendored
    for name, sha256 in recorded.items():
        actual = hashlib.sha256((VOCABULARIES_DIR / name).read_bytes()).hexdigest()
        assert actual == sha256, f"{name} changed: record its origin and checksum in ORIGIN.md"


def test_origin_names_upstream_licence_and_date() -> None:
    text = ORIGIN.read_text(encoding="utf-8")
    assert re.search(r"Vendored \d{4}-\d{2}-\d{2}", text)
    for needle in ["beets", "MIT", "Discogs", "MTG-Jamendo", "CC BY-NC-SA 4.0"]:
        assert needle in text, needle
    licence = (VOCABULARIES_DIR / "LICENSE-beets.txt").read_text(encoding="utf-8")
    assert "Copyright (c) 2010-2016 Adrian Sampson" in licence
    assert "Permission is hereby granted" in licence
