"""The bundled sample exports: where they are and whose they are (`sample/users.json`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"


@dataclass(frozen=True)
class SampleUser:
    user: str
    timezone: str
    paths: tuple[Path, ...]


def sample_users(sample_dir: Path = SAMPLE_DIR) -> list[SampleUser]:
    """Each sample user with the export paths to ingest for them."""
    entries = json.loads((sample_dir / "users.json").read_text(encoding="utf-8"))
    return [
        SampleUser(
            user=entry["user"],
            timezone=entry["timezone"],
            paths=tuple(sample_dir / path for path in entry["paths"]),
        )
        for entry in entries
    ]
