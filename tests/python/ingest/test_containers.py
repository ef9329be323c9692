"""my_spotify_data.zip and folders: history files load, everything else is skipped and named."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from .conftest import AUDIO_2023, AUDIO_2024, ENDSONG, VIDEO_2023, Warehouse, account_row

EXTENDED_DIR = "Spotify Extended Streaming History"


def spotify_zip(path: Path, *, with_history: bool = True) -> Path:
    """The layout Spotify sends: history JSON, video history, PDFs, other account files."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{EXTENDED_DIR}/ReadMeFirst_ExtendedStreamingHistory.pdf", b"%PDF-1.7\n")
        archive.writestr(
            f"{EXTENDED_DIR}/Streaming_History_Video_2023.json", VIDEO_2023.read_bytes()
        )
        archive.writestr("Spotify Account Data/Userdata.json", json.dumps({"username": "x"}))
        archive.writestr("Spotify Account Data/Playlist1.json", json.dumps({"playlists": []}))
        if with_history:
            archive.writestr(
                f"{EXTENDED_DIR}/Streaming_History_Audio_2023_0.json", AUDIO_2023.read_bytes()
            )
            archive.writestr(
                f"{EXTENDED_DIR}/Streaming_History_Audio_2024_1.json", AUDIO_2024.read_bytes()
            )
    return path


def test_zip_loads_history_and_names_what_it_skips(warehouse: Warehouse, tmp_path: Path) -> None:
    archive = spotify_zip(tmp_path / "my_spotify_data.zip")
    result = warehouse.ingest(archive, "--user", "zed")
    assert result.exit_code == 0, result.output
    assert warehouse.plays() == 1470 + 3154
    for skipped in (
        "ReadMeFirst_ExtendedStreamingHistory.pdf",
        "Streaming_History_Video_2023.json",
        "Userdata.json",
        "Playlist1.json",
    ):
        line = next(line for line in result.output.splitlines() if skipped in line)
        assert "skipped" in line
    assert "video history" in result.output
    assert warehouse.query(
        "select file_name, source_path from landing.loaded_files order by file_name"
    ) == [
        (f"{EXTENDED_DIR}/Streaming_History_Audio_2023_0.json", str(archive)),
        (f"{EXTENDED_DIR}/Streaming_History_Audio_2024_1.json", str(archive)),
    ]


def test_zip_without_history_fails_and_other_paths_load(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    empty_zip = spotify_zip(tmp_path / "no_history.zip", with_history=False)
    result = warehouse.ingest(empty_zip, ENDSONG)
    assert result.exit_code == 1
    assert "no_history.zip" in result.output
    assert "no Spotify streaming history file" in result.output
    assert warehouse.plays() == 2080


def test_folder_is_read_recursively(warehouse: Warehouse, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "b" / "endsong_0.json").write_bytes(ENDSONG.read_bytes())
    (folder / "a" / "notes.txt").write_text("hello")
    (folder / "StreamingHistory0.json").write_text(json.dumps([account_row()]))
    (folder / "Read me.pdf").write_bytes(b"%PDF")
    spotify_zip(folder / "inner.zip")
    result = warehouse.ingest(folder, "--user", "fold")
    assert result.exit_code == 0, result.output
    assert warehouse.plays() == 2080 + 1470 + 3154
    assert warehouse.account_plays() == 1
    assert "notes.txt" in result.output and "Read me.pdf" in result.output
    assert "Streaming_History_Video_2023.json" in result.output


def test_folder_without_history_fails(warehouse: Warehouse, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "Userdata.json").write_text("{}")
    result = warehouse.ingest(folder)
    assert result.exit_code == 1
    assert str(folder) in result.output and "no Spotify streaming history" in result.output


def test_video_file_given_directly_is_skipped(warehouse: Warehouse) -> None:
    result = warehouse.ingest(VIDEO_2023, "--user", "v")
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output and "video history" in result.output
    assert warehouse.plays() == 0
