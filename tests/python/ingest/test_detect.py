"""Format detection from the first bytes of a file (and the name, for video history only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fetchers.ingest.detect import DetectedKind, detect_file

from .conftest import AUDIO_2023, ENDSONG, VIDEO_2023, account_row, extended_row, write_json


@pytest.mark.parametrize(
    ("source", "kind"),
    [(ENDSONG, DetectedKind.EXTENDED), (AUDIO_2023, DetectedKind.EXTENDED)],
)
def test_genuine_files_are_extended_history(source: Path, kind: DetectedKind) -> None:
    assert detect_file(source, source.name).kind is kind


def test_video_history_is_recognised_by_name() -> None:
    assert detect_file(VIDEO_2023, VIDEO_2023.name).kind is DetectedKind.VIDEO


def test_content_decides_not_the_name(tmp_path: Path) -> None:
    renamed = tmp_path / "holiday photos.json"
    renamed.write_bytes(ENDSONG.read_bytes())
    assert detect_file(renamed, renamed.name).kind is DetectedKind.EXTENDED
    account = write_json(tmp_path / "endsong_0.json", [account_row()], indent=2)
    assert detect_file(account, account.name).kind is DetectedKind.ACCOUNT_DATA


def test_podcast_account_data_is_account_data(tmp_path: Path) -> None:
    podcast = {"endTime": "2020-01-01 10:00", "podcastName": "P", "episodeName": "E"}
    path = write_json(tmp_path / "x.json", [{**podcast, "msPlayed": 5}])
    assert detect_file(path, path.name).kind is DetectedKind.ACCOUNT_DATA


def test_first_object_longer_than_the_first_read(tmp_path: Path) -> None:
    path = write_json(tmp_path / "x.json", [extended_row(platform="p" * 200_000)])
    assert detect_file(path, path.name).kind is DetectedKind.EXTENDED


def test_byte_order_mark_and_whitespace_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"\xef\xbb\xbf \n[\n  " + b'{"endTime": "2020-01-01 10:00", "msPlayed": 1}]')
    assert detect_file(path, path.name).kind is DetectedKind.ACCOUNT_DATA


@pytest.mark.parametrize(
    ("content", "kind", "reason"),
    [
        (b"", DetectedKind.UNREADABLE, "empty"),
        (b"  \n", DetectedKind.UNREADABLE, "empty"),
        (b"[]", DetectedKind.EMPTY_LIST, ""),
        (b"[\n]\n", DetectedKind.EMPTY_LIST, ""),
        (b'[{"ts": "2020-01-01T', DetectedKind.UNREADABLE, "truncated"),
        (b"[", DetectedKind.UNREADABLE, "truncated"),
        (b'{"userName": "x"}', DetectedKind.NOT_HISTORY, "object"),
        (b"[1, 2, 3]", DetectedKind.NOT_HISTORY, "int"),
        (b'[{"name": "a", "images": []}]', DetectedKind.NOT_HISTORY, "not Spotify"),
        (b"%PDF-1.4 ...", DetectedKind.UNREADABLE, "not JSON"),
        (b"\xff\xfe[\x00", DetectedKind.UNREADABLE, "UTF-8"),
    ],
)
def test_bad_or_foreign_content(
    tmp_path: Path, content: bytes, kind: DetectedKind, reason: str
) -> None:
    path = tmp_path / "Streaming_History_Audio_2020.json"
    path.write_bytes(content)
    detection = detect_file(path, path.name)
    assert detection.kind is kind
    assert reason in detection.reason
