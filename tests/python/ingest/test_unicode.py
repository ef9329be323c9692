"""Unicode and SQL-hostile text round-trips exactly: in values, user names and file paths."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from .conftest import Warehouse, extended_row

HOSTILE = [
    'O\'Brien "Live"; drop table landing.streaming_history; --',
    "back\\slash \\n \\u0041 %s {0} $1 ?",
    "Sigur Rós – Hoppípolla 🎵👩‍👩‍👧",  # noqa: RUF001
    "עברית مرحبا بالعالم",  # right-to-left
    "glob * ? [a-z] {x,y} ~",
    "tab\tnew\nline\u0000nul",
    "   leading and trailing spaces   ",
]
USER = "ʎɐןd 'user'; --🎧"  # noqa: RUF001


def test_hostile_values_user_and_path_round_trip(warehouse: Warehouse, tmp_path: Path) -> None:
    rows = [
        extended_row(
            ts=f"2024-01-01T00:0{i}:00Z",
            master_metadata_track_name=text,
            master_metadata_album_artist_name=text[::-1],
            master_metadata_album_album_name=text.upper(),
            platform=text,
        )
        for i, text in enumerate(HOSTILE)
    ]
    folder = tmp_path / "dössier 'quoted' [1] {a,b} *"
    folder.mkdir()
    path = folder / "my \"histøry\" 🎶 'x'; --.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    result = warehouse.ingest(path, "--user", USER)
    assert result.exit_code == 0, result.output
    got = warehouse.query(
        """
        select master_metadata_track_name, master_metadata_album_artist_name,
            master_metadata_album_album_name, platform, username
        from landing.streaming_history order by ts
        """
    )
    assert got == [(t, t[::-1], t.upper(), t, USER) for t in HOSTILE]
    assert warehouse.query("select file_name, source_path, username from landing.loaded_files") == [
        (path.name, str(path), USER)
    ]
    assert str(path) in result.output
    # reloading the same content under another file name adds nothing
    copy = tmp_path / "[copy].json"
    copy.write_bytes(path.read_bytes())
    again = warehouse.ingest(copy, "--user", USER)
    assert again.exit_code == 0 and "already loaded" in again.output


def test_hostile_member_names_in_a_zip(warehouse: Warehouse, tmp_path: Path) -> None:
    archive = tmp_path / "my_spotify_data.zip"
    member = "../Spotify Extended Streaming History/Streaming_History_Audio_'🎵'*.json"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr(member, json.dumps([extended_row(master_metadata_track_name="Ünï")]))
    result = warehouse.ingest(archive, "--user", "zip")
    assert result.exit_code == 0, result.output
    assert warehouse.query("select master_metadata_track_name from landing.streaming_history") == [
        ("Ünï",)
    ]
    assert warehouse.query("select file_name from landing.loaded_files") == [(member,)]
    assert not (tmp_path.parent / "Spotify Extended Streaming History").exists()
