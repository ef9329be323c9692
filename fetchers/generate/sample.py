"""Metadata of a generated sample: who its users are and which tracks it plays.

`users.json` tells the demo what to ingest (paths, --user, --timezone); `catalogue.json` lists
the distinct tracks of the sample's plays so that enrichment responses can be prepared for them.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from fetchers.generate.generator import Manifest


def sample_users(manifest: Manifest) -> list[dict[str, object]]:
    """One entry per user: `user` and `timezone` for ingest, the `paths` to load (relative to
    the sample folder), the export formats and the number of distinct plays."""
    return [
        {
            "user": user.username,
            "timezone": user.timezone,
            "paths": user.ingest_paths,
            "formats": user.formats,
            "plays": user.plays,
            "music_plays": user.music_plays,
        }
        for user in manifest.users
    ]


def _history_rows(out_dir: Path, manifest: Manifest) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for file in manifest.history_files():
        path = out_dir / file.path
        if file.member is None:
            data = path.read_bytes()
        else:
            with zipfile.ZipFile(path) as archive:
                data = archive.read(file.member)
        rows += json.loads(data)
    return rows


def sample_catalogue_rows(out_dir: Path, manifest: Manifest) -> list[dict[str, str | None]]:
    """Distinct (spotify_track_uri, artist, album, track) of the sample's music plays, sorted.

    Local files have no URI; account-data rows (no URI, no album) are listed only when no
    extended-history row names the same artist and track."""
    seen: set[tuple[str | None, str, str | None, str]] = set()
    account_only: set[tuple[str, str]] = set()
    for row in _history_rows(out_dir, manifest):
        if row.get("master_metadata_track_name") is not None:
            seen.add(
                (
                    row["spotify_track_uri"],  # type: ignore[arg-type]
                    row["master_metadata_album_artist_name"],  # type: ignore[arg-type]
                    row["master_metadata_album_album_name"],  # type: ignore[arg-type]
                    row["master_metadata_track_name"],  # type: ignore[arg-type]
                )
            )
        elif "artistName" in row:
            account_only.add((row["artistName"], row["trackName"]))  # type: ignore[arg-type]
    named = {(artist, track) for _uri, artist, _album, track in seen}
    seen |= {(None, artist, None, track) for artist, track in account_only - named}
    keys = ("spotify_track_uri", "artist", "album", "track")
    ordered = sorted(seen, key=lambda t: (t[1], t[2] or "", t[3], t[0] or ""))
    return [dict(zip(keys, entry, strict=True)) for entry in ordered]
