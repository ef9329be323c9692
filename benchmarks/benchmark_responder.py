"""A synthetic catalogue and a loopback server answering enrichment for it (enrich_benchmark).

The catalogue: TRACKS tracks over ALBUMS albums of ARTISTS artists, distinct titles, Spotify
URIs MusicBrainz does not know. The server (127.0.0.1, any port) answers every request
`python -m fetchers enrich` sends for those tracks, with bodies in each service's real shape:
MusicBrainz url lookup (404), release search and lookup (the album's track list with genres and
tags of the release, group, artist and recordings), recording search and lookup (for "bonus"
tracks left off the track list); Last.fm top tags; Discogs master search and master; TheAudioDB
track/album/artist by MBID. Every request is logged with its arrival time (monotonic) and source.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fetchers.warehouse import open_landing

SERVICES = {"mb": "musicbrainz", "lastfm": "lastfm", "discogs": "discogs", "tadb": "theaudiodb"}
NAMESPACE = uuid.UUID("6f1c3f5e-2a57-4c3e-9d1e-0b6d8a1f0c11")
ARTISTS = (
    "Amber Coast", "The Lanterns", "Northbound Echo", "Velvet Static", "Marrow and Pine",
    "Low Orbit", "Glass Harbor", "Saint Juniper", "Paper Comets", "Dune Hotel", "Kestrel Run",
    "Mira Vale",
)  # fmt: skip
ADJECTIVES = (
    "Silver", "Hollow", "Crimson", "Quiet", "Golden", "Broken", "Electric", "Distant", "Wild",
    "Frozen", "Neon", "Gentle", "Burning", "Secret", "Restless", "Paper", "Midnight", "Salt",
    "Velvet", "Iron",
)  # fmt: skip
NOUNS = (
    "Rain", "Harbor", "Engine", "Garden", "Signal", "Mirror", "Canyon", "Lantern", "River",
    "Satellite", "Orchard", "Highway", "Feather", "Winter", "Compass", "Ocean", "Parade",
    "Machine", "Meadow", "Thunder",
)  # fmt: skip
GENRES = ("indie rock", "dream pop", "post-punk", "shoegaze", "synth-pop", "folk", "electronic")
LUCENE_FIELD = re.compile(r'(\w+):"((?:[^"\\]|\\.)*)"')


def _id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\t".join(parts)))


def _number(*parts: str) -> int:
    return int(hashlib.md5("\t".join(parts).encode()).hexdigest()[:7], 16)


def _spotify_id(*parts: str) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    value = int(hashlib.md5("\t".join(parts).encode()).hexdigest(), 16)
    chars = []
    for _ in range(22):
        value, digit = divmod(value, 62)
        chars.append(alphabet[digit])
    return "".join(chars)


@dataclass(frozen=True)
class Track:
    uri: str
    artist: str
    album: str
    title: str
    recording_id: str
    position: int
    on_tracklist: bool  # False: a bonus track the release lookup does not list
    plays: int


@dataclass
class Catalogue:
    tracks: list[Track]

    @classmethod
    def build(cls, tracks: int, albums: int, artists: int) -> Catalogue:
        if tracks > len(ADJECTIVES) * len(NOUNS):
            raise ValueError(f"at most {len(ADJECTIVES) * len(NOUNS)} distinct tracks")
        names = [ARTISTS[i % len(ARTISTS)] + (f" {i // len(ARTISTS) + 1}" if i >= len(ARTISTS)
                 else "") for i in range(max(1, artists))]  # fmt: skip
        album_count = max(1, min(albums, tracks))
        # album a: artist a % artists, title from the word lists read backwards
        album_names = [
            (names[a % len(names)], f"{NOUNS[-1 - a % 20]} of {ADJECTIVES[-1 - (a // 20 + a) % 20]}"
             + (f" {a // 400 + 1}" if a >= 400 else ""))
            for a in range(album_count)
        ]  # fmt: skip
        rows: list[Track] = []
        for i in range(tracks):
            a = i * album_count // tracks  # consecutive blocks: one album's tracks together
            artist, album = album_names[a]
            title = f"{ADJECTIVES[i % 20]} {NOUNS[(i // 20 + i) % 20]}"
            position = 1 + i - next(j for j in range(tracks) if j * album_count // tracks == a)
            rows.append(
                Track(
                    uri=f"spotify:track:{_spotify_id(artist, album, title)}",
                    artist=artist,
                    album=album,
                    title=title,
                    recording_id=_id("recording", artist, title),
                    position=position,
                    on_tracklist=i % 20 != 7,
                    plays=1 + (i * 7) % 5,
                )
            )
        return cls(rows)

    def counts(self) -> tuple[int, int, int]:
        return (
            len(self.tracks),
            len({(t.artist, t.album) for t in self.tracks}),
            len({t.artist for t in self.tracks}),
        )

    def load(self, warehouse: Path) -> None:
        """One `landing.streaming_history` row per play (user `bench`)."""
        start = datetime(2024, 1, 1, tzinfo=timezone.utc)
        rows = []
        n = 0
        for track in self.tracks:
            for _ in range(track.plays):
                n += 1
                key = hashlib.md5(f"{track.uri}|{n}".encode()).hexdigest()
                rows.append((key, "bench", start + timedelta(minutes=5 * n), 200_000,
                             track.title, track.artist, track.album, track.uri))  # fmt: skip
        with open_landing(warehouse) as connection:
            connection.executemany(
                "insert into landing.streaming_history (play_key, username, ts, platform, "
                "ms_played, master_metadata_track_name, master_metadata_album_artist_name, "
                "master_metadata_album_album_name, spotify_track_uri, reason_start, reason_end, "
                "shuffle, skipped, offline, incognito_mode, file_sha256, loaded_at) values "
                "(?, ?, ?, 'linux', ?, ?, ?, ?, ?, 'clickrow', 'trackdone', false, false, false, "
                "false, 'benchmark', now())",
                [[k, u, ts, ms, t, ar, al, uri] for k, u, ts, ms, t, ar, al, uri in rows],
            )


@dataclass(frozen=True)
class Hit:
    source: str
    endpoint: str
    at: float


def _tags(*seed: str, count: int = 3) -> list[dict[str, Any]]:
    first = _number(*seed) % len(GENRES)
    return [{"name": GENRES[(first + k) % len(GENRES)], "count": 10 - 3 * k} for k in range(count)]


class Responder:
    """The loopback server (a thread of this process); `hits()` is the request log."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.albums: dict[tuple[str, str], list[Track]] = {}
        for track in catalogue.tracks:
            self.albums.setdefault((track.artist.lower(), track.album.lower()), []).append(track)
        self.releases = {_id("release", *key): key for key in self.albums}
        self.recordings = {t.recording_id: t for t in catalogue.tracks}
        self.artists = {_id("artist", t.artist): t.artist for t in catalogue.tracks}
        self.masters = {_number("master", *key): key for key in self.albums}
        self._hits: list[Hit] = []
        self._lock = threading.Lock()
        self.started = time.monotonic()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Responder:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hits(self) -> list[Hit]:
        with self._lock:
            return list(self._hits)

    def base_urls(self) -> dict[str, str]:
        host, port = self.server.server_address[:2]
        base = f"http://{host}:{port}"
        return {
            "MUSICBRAINZ_BASE_URL": f"{base}/mb",
            "LASTFM_BASE_URL": f"{base}/lastfm/",
            "DISCOGS_BASE_URL": f"{base}/discogs",
            "THEAUDIODB_BASE_URL": f"{base}/tadb",
        }

    # --- bodies ---------------------------------------------------------------------------
    def _artist(self, name: str, *, with_tags: bool) -> dict[str, Any]:
        artist: dict[str, Any] = {"id": _id("artist", name), "name": name, "sort-name": name}
        if with_tags:
            artist.update(genres=_tags("artist", name, count=2), tags=_tags("a-tag", name))
        return artist

    def _credit(self, name: str, *, with_tags: bool = False) -> list[dict[str, Any]]:
        return [{"name": name, "joinphrase": "", "artist": self._artist(name, with_tags=with_tags)}]

    def _recording(self, track: Track, **extra: Any) -> dict[str, Any]:
        return {
            "id": track.recording_id,
            "title": track.title,
            "length": 200_000 + track.position * 1000,
            "disambiguation": "",
            "artist-credit": self._credit(track.artist),
            **extra,
        }

    def _release_summary(self, key: tuple[str, str]) -> dict[str, Any]:
        first = self.albums[key][0]
        return {
            "id": _id("release", *key),
            "score": 100,
            "title": first.album,
            "status": "Official",
            "date": "2019-05-17",
            "country": "XW",
            "track-count": sum(1 for t in self.albums[key] if t.on_tracklist),
            "artist-credit": self._credit(first.artist),
            "release-group": {"id": _id("release-group", *key), "primary-type": "Album"},
        }

    def _release_lookup(self, key: tuple[str, str]) -> dict[str, Any]:
        tracks = [t for t in self.albums[key] if t.on_tracklist]
        first = self.albums[key][0]
        group = _id("release-group", *key)
        return {
            **self._release_summary(key),
            "genres": _tags("release", *key, count=1),
            "tags": _tags("release-tag", *key),
            "artist-credit": self._credit(first.artist, with_tags=True),
            "release-group": {
                "id": group,
                "title": first.album,
                "primary-type": "Album",
                "secondary-types": [],
                "genres": _tags("group", *key, count=2),
                "tags": _tags("group-tag", *key),
            },
            "media": [
                {
                    "position": 1,
                    "format": "Digital Media",
                    "track-count": len(tracks),
                    "tracks": [
                        {
                            "id": _id("track", t.recording_id),
                            "position": n,
                            "number": str(n),
                            "title": t.title,
                            "length": 200_000 + t.position * 1000,
                            "recording": self._recording(
                                t, genres=[], tags=_tags("recording", t.recording_id, count=1)
                            ),
                        }
                        for n, t in enumerate(tracks, 1)
                    ],
                }
            ],
        }

    def _musicbrainz(self, path: str, one: dict[str, str]) -> tuple[int, Any]:
        if path == "/url":
            return 404, {"error": "Not Found", "help": "For usage, please see the docs."}
        if path in ("/release", "/recording"):
            fields = {f: re.sub(r"\\(.)", r"\1", v) for f, v in LUCENE_FIELD.findall(one["query"])}
            artist, release = fields.get("artist", "").lower(), fields.get("release", "").lower()
            if path == "/release":
                key = (artist, release)
                found = [self._release_summary(key)] if key in self.albums else []
                return 200, {"created": "2026-01-01T00:00:00.000Z", "count": len(found),
                             "offset": 0, "releases": found}  # fmt: skip
            title = fields.get("recording", "").lower()
            hits = [
                self._recording(t, score=100, releases=[{"id": _id("release", t.artist.lower(),
                                t.album.lower()), "title": t.album}])
                for t in self.catalogue.tracks
                if t.title.lower() == title and t.artist.lower() == artist
            ]  # fmt: skip
            return 200, {"count": len(hits), "offset": 0, "recordings": hits}
        kind, _, entity_id = path.strip("/").partition("/")
        if kind == "release" and entity_id in self.releases:
            return 200, self._release_lookup(self.releases[entity_id])
        if kind == "recording" and entity_id in self.recordings:
            track = self.recordings[entity_id]
            return 200, self._recording(
                track,
                genres=_tags("rec-genre", entity_id, count=1),
                tags=_tags("recording", entity_id, count=2),
                isrcs=[],
            )
        if kind == "artist" and entity_id in self.artists:
            return 200, self._artist(self.artists[entity_id], with_tags=True)
        return 404, {"error": "Not Found"}

    def _lastfm(self, one: dict[str, str]) -> tuple[int, Any]:
        artist, track = one.get("artist", ""), one.get("track")
        tags = [{"name": g["name"], "count": g["count"] * 10, "url": ""}
                for g in _tags("lastfm", artist, track or "")]  # fmt: skip
        attr = {"artist": artist, **({"track": track} if track else {})}
        return 200, {"toptags": {"tag": tags, "@attr": attr}}

    def _discogs(self, path: str, one: dict[str, str]) -> tuple[int, Any]:
        if path == "/database/search":
            key = (one.get("artist", "").lower(), one.get("release_title", "").lower())
            results = []
            if one.get("type") == "master" and key in self.albums:
                first = self.albums[key][0]
                master = _number("master", *key)
                results.append({"type": "master", "id": master, "master_id": master,
                                "title": f"{first.artist} - {first.album}",
                                "genre": ["Rock"], "style": ["Indie Rock"]})  # fmt: skip
            pages = 1 if results else 0
            return 200, {"pagination": {"page": 1, "pages": pages, "per_page": 10,
                                        "items": len(results)}, "results": results}  # fmt: skip
        kind, _, number = path.strip("/").partition("/")
        if kind == "masters" and number.isdigit() and int(number) in self.masters:
            key = self.masters[int(number)]
            return 200, {
                "id": int(number),
                "title": self.albums[key][0].album,
                "genres": ["Rock", "Electronic"],
                "styles": ["Indie Rock", "Shoegaze"],
            }
        return 404, {"message": "Resource not found."}

    def _theaudiodb(self, path: str, one: dict[str, str]) -> tuple[int, Any]:
        endpoint = path.rsplit("/", 1)[-1]
        key = one.get("i", "") or one.get("s", "") + "\t" + one.get("t", one.get("a", ""))
        number = str(_number(endpoint, key))
        style = {"strGenre": "Indie", "strStyle": "Rock/Pop", "strMood": "Happy", "strTheme": ""}
        if endpoint in ("track-mb.php", "searchtrack.php"):
            return 200, {"track": [{"idTrack": number, "strTrack": key, **style}]}
        if endpoint in ("album-mb.php", "searchalbum.php"):
            return 200, {"album": [{"idAlbum": number, "strAlbum": key, **style}]}
        if endpoint in ("artist-mb.php", "search.php"):
            return 200, {"artists": [{"idArtist": number, "strArtist": key, **style}]}
        return 404, {"message": "not found"}

    def answer(self, service: str, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        one = {k: v[0] for k, v in query.items()}
        if service == "mb":
            return self._musicbrainz(path, one)
        if service == "lastfm":
            return self._lastfm(one)
        if service == "discogs":
            return self._discogs(path, one)
        if service == "tadb":
            return self._theaudiodb(path, one)
        return 404, {"error": "unknown service"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        responder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real services

            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_GET(self) -> None:
                at = time.monotonic()
                parts = urlsplit(self.path)
                service, _, rest = parts.path.lstrip("/").partition("/")
                path = "/" + rest.rstrip("/")
                if service == "tadb":  # /tadb/<key>/<endpoint>
                    path = "/" + path.rsplit("/", 1)[-1]
                if (service == "mb" and path.count("/") > 1) or (
                    service == "discogs" and path.startswith("/masters/")
                ):
                    endpoint = path.split("/")[1] + "/<id>"
                elif service == "lastfm":
                    endpoint = parse_qs(parts.query).get("method", ["?"])[0]
                else:
                    endpoint = path.lstrip("/") or "/"
                with responder._lock:
                    responder._hits.append(Hit(SERVICES.get(service, service), endpoint, at))
                try:
                    status, body = responder.answer(service, path, parse_qs(parts.query))
                except Exception as error:  # a responder bug: answer 500, keep serving
                    status, body = 500, {"error": f"{type(error).__name__}: {error}"}
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler
