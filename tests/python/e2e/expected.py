"""What the marts must hold, computed independently in Python from the generated export files.

Nothing here uses the warehouse or dbt: it reads the JSON files as a user's own script would and
applies the contract's definitions (dedupe on content, start = ts - ms_played, streams >= 30 s,
local time in the user's zone, album medians over every track of the album).
"""

from __future__ import annotations

import io
import json
import statistics
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from fetchers.generate.generator import Manifest

MIN_STREAM_MS = 30_000


@dataclass(frozen=True)
class MusicPlay:
    username: str
    track_key: tuple[str, ...]  # ("uri", uri) or ("name", artist, track)
    album_key: tuple[str, str] | None
    ms_played: int
    ended_at: datetime

    @property
    def played_at(self) -> datetime:
        return self.ended_at - timedelta(milliseconds=self.ms_played)

    @property
    def is_stream(self) -> bool:
        return self.ms_played >= MIN_STREAM_MS


@dataclass
class Expected:
    music_plays: dict[str, int] = field(default_factory=dict)
    episode_plays: dict[str, int] = field(default_factory=dict)
    streams_by_month: dict[tuple[str, str], int] = field(default_factory=dict)
    album_years: dict[tuple[str, int, tuple[str, str]], tuple[int, int, int, float]] = field(
        default_factory=dict
    )
    first_local_start: dict[str, datetime] = field(default_factory=dict)


def _key(value: str | None) -> str:
    return (value or "").strip(" ").lower()  # as DuckDB: trim spaces, then lower case


def _rows_of(manifest: Manifest) -> Iterator[tuple[str, str, dict]]:
    """(username, kind, row) for every history row of every file, duplicates included."""
    out = Path(manifest.out_dir)
    owner = {}
    for user in manifest.users:
        for path in user.ingest_paths:
            owner[Path(path).parts[0]] = user.username
    for written in manifest.history_files():
        username = owner[Path(written.path).parts[0]]
        if written.member is None:
            text = (out / written.path).read_text(encoding="utf-8")
        else:
            with zipfile.ZipFile(out / written.path) as archive:
                text = io.TextIOWrapper(archive.open(written.member), encoding="utf-8").read()
        for row in json.loads(text):
            yield username, written.kind, row


def compute_expected(manifest: Manifest, timezones: dict[str, str]) -> Expected:
    seen: set[tuple[str, str]] = set()
    extended: list[tuple[str, dict]] = []
    account: list[tuple[str, dict]] = []
    expected = Expected()
    episodes: Counter[str] = Counter()
    for username, kind, row in _rows_of(manifest):
        fingerprint = (username, json.dumps(row, sort_keys=True, ensure_ascii=False))
        if fingerprint in seen:
            continue  # identical in every exported field: a duplicate
        seen.add(fingerprint)
        if kind == "audio":
            if row.get("master_metadata_track_name") is not None:
                extended.append((username, row))
            elif (
                row.get("spotify_episode_uri")
                or row.get("audiobook_chapter_uri")
                or row.get("audiobook_uri")
            ):
                episodes[username] += 1
        elif kind == "account_music":
            account.append((username, row))
        elif kind == "account_podcast":
            episodes[username] += 1

    # URI-keyed tracks by (artist, name): the most played wins (ties: smallest URI)
    uri_plays: Counter[tuple[str, str, str]] = Counter()
    for _, row in extended:
        if row["spotify_track_uri"]:
            names = (
                _key(row["master_metadata_album_artist_name"]),
                _key(row["master_metadata_track_name"]),
            )
            uri_plays[(*names, row["spotify_track_uri"])] += 1
    best_uri: dict[tuple[str, str], tuple[int, str]] = {}
    for (artist, track, uri), count in uri_plays.items():
        current = best_uri.get((artist, track))
        if current is None or (-count, uri) < (-current[0], current[1]):
            best_uri[(artist, track)] = (count, uri)

    plays: list[MusicPlay] = []
    for username, row in extended:
        uri = row["spotify_track_uri"]
        artist, track = (
            _key(row["master_metadata_album_artist_name"]),
            _key(row["master_metadata_track_name"]),
        )
        album_name = row["master_metadata_album_album_name"]
        plays.append(
            MusicPlay(
                username,
                ("uri", uri) if uri else ("name", artist, track),
                (artist, _key(album_name)) if album_name is not None else None,
                row["ms_played"],
                datetime.strptime(row["ts"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc),
            )
        )
    track_album = {p.track_key: p.album_key for p in plays}  # one album per track here
    for username, row in account:
        artist, track = _key(row["artistName"]), _key(row["trackName"])
        match = best_uri.get((artist, track))
        track_key = ("uri", match[1]) if match else ("name", artist, track)
        plays.append(
            MusicPlay(
                username,
                track_key,
                track_album.get(track_key),
                row["msPlayed"],
                datetime.strptime(row["endTime"], "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc),
            )
        )

    album_tracks: dict[tuple[str, str], set[tuple[str, ...]]] = defaultdict(set)
    streams_per_track: Counter[tuple[str, int, tuple[str, str], tuple[str, ...]]] = Counter()
    months: Counter[tuple[str, str]] = Counter()
    music: Counter[str] = Counter()
    for play in plays:
        music[play.username] += 1
        local = play.played_at.astimezone(ZoneInfo(timezones[play.username])).replace(tzinfo=None)
        first = expected.first_local_start.get(play.username)
        if first is None or local < first:
            expected.first_local_start[play.username] = local
        if play.album_key is not None:
            album_tracks[play.album_key].add(play.track_key)
        if play.is_stream:
            months[(play.username, local.strftime("%Y-%m"))] += 1
            if play.album_key is not None:
                streams_per_track[(play.username, local.year, play.album_key, play.track_key)] += 1

    per_album_year: dict[tuple[str, int, tuple[str, str]], dict] = defaultdict(dict)
    for (username, year, album, track), count in streams_per_track.items():
        per_album_year[(username, year, album)][track] = count
    for (username, year, album), counts in per_album_year.items():
        tracks = album_tracks[album]
        values = [counts.get(track, 0) for track in tracks]
        expected.album_years[(username, year, album)] = (
            len(values),
            sum(1 for v in values if v > 0),
            sum(values),
            float(statistics.median(values)),
        )
    expected.music_plays = dict(music)
    expected.episode_plays = dict(episodes)
    expected.streams_by_month = dict(months)
    return expected
