"""Every format has exactly the field set, order and text layout of its genuine counterpart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fetchers.generate import Manifest
from fetchers.generate.formats import FIELDS_2024, FIELDS_2025


@pytest.fixture
def genuine_keys(genuine: Path):
    def keys(relative: str) -> list[str]:
        return list(json.loads((genuine / relative).read_bytes())[0])

    return keys


@pytest.fixture
def first_file(read_file):
    def first(manifest: Manifest, generation: str, kind: str = "audio") -> bytes:
        file = next(f for f in manifest.files if f.format == generation and f.kind == kind)
        return read_file(Path(manifest.out_dir), file.path, file.member)

    return first


def test_endsong_era_rows_have_the_genuine_fields_in_order(
    mixed_export: Manifest, genuine_keys, read_rows, first_file, genuine
) -> None:
    genuine = genuine_keys("endsong_era/endsong_1.json")
    rows = read_rows(mixed_export, {"audio"}, "endsong_era")
    assert len(genuine) == 21
    assert rows and all(list(row) == genuine for row in rows)


def test_2025_audio_and_video_rows_have_the_genuine_fields_in_order(
    mixed_export: Manifest, genuine_keys, read_rows, first_file, genuine
) -> None:
    genuine = genuine_keys("2026_export/Streaming_History_Audio_2023.json")
    genuine_video = genuine_keys("2026_export/Streaming_History_Video_2023.json")
    audio = read_rows(mixed_export, {"audio"}, "2025")
    video = read_rows(mixed_export, {"video"}, "2025")
    assert list(FIELDS_2025) == genuine
    assert audio and all(list(row) == genuine for row in audio)
    assert video and all(list(row) == genuine_video for row in video)


def test_2024_rows_are_the_2025_fields_without_audiobooks(
    mixed_export: Manifest, genuine_keys, read_rows, first_file, genuine
) -> None:
    genuine = genuine_keys("2026_export/Streaming_History_Audio_2023.json")
    expected = [key for key in genuine if not key.startswith("audiobook_")]
    rows = read_rows(mixed_export, {"audio"}, "2024")
    assert list(FIELDS_2024) == expected and len(expected) == 19
    assert rows and all(list(row) == expected for row in rows)
    assert "username" not in rows[0] and "ip_addr" in rows[0]


def test_account_data_rows_have_the_documented_fields(
    mixed_export: Manifest, genuine_keys, read_rows, first_file, genuine
) -> None:
    music = read_rows(mixed_export, {"account_music"})
    podcasts = read_rows(mixed_export, {"account_podcast"})
    assert music and all(
        list(r) == ["endTime", "artistName", "trackName", "msPlayed"] for r in music
    )
    assert podcasts and all(
        list(r) == ["endTime", "podcastName", "episodeName", "msPlayed"] for r in podcasts
    )
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", r["endTime"]) for r in music)


def test_text_layout_matches_the_genuine_files(
    mixed_export: Manifest, genuine_keys, read_rows, first_file, genuine
) -> None:
    genuine_old = (genuine / "endsong_era/endsong_1.json").read_bytes()
    genuine_new = (genuine / "2026_export/Streaming_History_Audio_2023.json").read_bytes()
    old = first_file(mixed_export, "endsong_era")
    new = first_file(mixed_export, "2025")
    assert old[:7] == genuine_old[:7] == b'[{"ts":'
    assert b"\n" not in old
    assert new[:16] == genuine_new[:16] == b'[\n  {\n    "ts": '
    assert new[-6:] == genuine_new[-6:] == b"\n  }\n]"
    for data in (old, new, first_file(mixed_export, "2024")):
        assert b"\\u" not in data  # UTF-8 as is, like Spotify
    account = first_file(mixed_export, "account_data", "account_music")
    assert account.startswith(b'[\n  {\n    "endTime" : "')


def test_offline_timestamp_units_follow_the_generation(
    mixed_export: Manifest, genuine_keys, read_rows, first_file, genuine
) -> None:
    def stamps(generation: str) -> list[int]:
        rows = read_rows(mixed_export, {"audio"}, generation)
        return [r["offline_timestamp"] for r in rows if r["offline_timestamp"]]

    assert stamps("endsong_era") and min(stamps("endsong_era")) > 10**12  # milliseconds
    assert stamps("2025") and max(stamps("2025")) < 10**11  # seconds
    assert stamps("2024") and max(stamps("2024")) < 10**11


def test_file_names_follow_spotify(
    mixed_export: Manifest, genuine_keys, read_rows, first_file, genuine
) -> None:
    names = [Path(f.member or f.path).name for f in mixed_export.files]
    patterns = (
        r"endsong_\d+\.json",
        r"Streaming_History_Audio_\d{4}(-\d{4})?_\d+\.json",
        r"Streaming_History_Video_\d{4}(-\d{4})?\.json",
        r"StreamingHistory_(music|podcast)_\d+\.json",
    )
    assert all(any(re.fullmatch(p, name) for p in patterns) for name in names), names
