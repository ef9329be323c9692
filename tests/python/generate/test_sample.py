"""The bundled demo sample is exactly what its README's command generates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from fetchers.generate import GenerateOptions, generate_exports
from fetchers.generate.sample import sample_catalogue_rows, sample_users

SAMPLE = Path(__file__).resolve().parents[3] / "fetchers" / "demo" / "sample"
OPTIONS = GenerateOptions(
    formats=("endsong_era", "2025", "account_data"),
    catalogue="real",
    overlap=False,
    mixed=False,
    first_day=date(2019, 6, 1),
    usernames=("alice", "bob", "carol"),
    timezones=("Europe/Berlin", "America/New_York", "UTC"),
)


def test_sample_is_reproduced_by_its_command(tmp_path: Path) -> None:
    manifest = generate_exports(tmp_path, users=3, plays=1_500, seed=1, options=OPTIONS)
    for file in manifest.files:
        assert (tmp_path / file.path).read_bytes() == (SAMPLE / file.path).read_bytes()
    assert json.loads((SAMPLE / "users.json").read_text()) == sample_users(manifest)
    assert json.loads((SAMPLE / "catalogue.json").read_text()) == sample_catalogue_rows(
        tmp_path, manifest
    )
    assert "--seed 1" in (SAMPLE / "README.md").read_text()


def test_sample_is_small_with_a_non_utc_user_and_three_formats() -> None:
    users = json.loads((SAMPLE / "users.json").read_text())
    assert {u["timezone"] for u in users} - {"UTC"}
    assert {f for u in users for f in u["formats"]} == {"endsong_era", "2025", "account_data"}
    size = sum(p.stat().st_size for p in SAMPLE.rglob("*.json"))
    assert size < 1_000_000
    tracks = json.loads((SAMPLE / "catalogue.json").read_text())
    played = {(t["artist"], t["track"]) for t in tracks if t["spotify_track_uri"]}
    assert {
        ("Queen", "We Will Rock You"),
        ("AC/DC", "Hells Bells"),
        ("Metallica", "Nothing Else Matters"),
        ("Coldplay", "Trouble"),
        ("David Bowie", "Diamond Dogs"),
        ("Audioslave", "Like a Stone"),
        ("Madonna", "Like a Prayer"),
        ("Adele", "Rolling in the Deep"),
        ("Linkin Park", "Numb"),
        ("Rick Astley", "Never Gonna Give You Up"),
        ("Ed Sheeran", "Thinking Out Loud"),
    } <= played
    assert any(t["spotify_track_uri"] is None and t["album"] for t in tracks)  # local files
