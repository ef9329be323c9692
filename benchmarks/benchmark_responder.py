"""A synthetic catalogue and a loopback server answering enrichment for it (enrich_benchmark).

The catalogue: TRACKS tracks over ALBUMS albums of ARTISTS artists, distinct titles, Spotify
URIs MusicBrainz does not know. `Catalogue.to_fake()` gives it every fact the services hold
(genres and tags of each release, group, artist and recording; Last.fm tags; Discogs masters;
TheAudioDB entries), and the shared fake services (`tools.fake_services`: the same responder the
demo cache is composed with) answer every request `python -m fetchers enrich` sends for those
tracks on 127.0.0.1, in each service's real shape: MusicBrainz url lookup (404), release search
and lookup, recording search and lookup (for "bonus" tracks left off the track list); Last.fm
top tags; Discogs master search and master; TheAudioDB track/album/artist by MBID. Every request
is logged with its arrival time (monotonic) and source.
"""

from __future__ import annotations

import hashlib
import sys
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository's tools/

from fetchers.warehouse import open_landing
from tools.fake_services import catalogue as fake
from tools.fake_services.server import LoopbackServer, Request
from tools.fake_services.shapes import Votes

SERVICES = {"mb": "musicbrainz", "lastfm": "lastfm", "discogs": "discogs", "tadb": "theaudiodb"}
TADB_FACTS = ("Indie", "Rock/Pop", "Happy")
DISCOGS_FACTS = (("Rock", "Electronic"), ("Indie Rock", "Shoegaze"))
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

    def to_fake(self) -> fake.Catalogue:
        """Everything the services know about this catalogue (facts derived from the names)."""
        albums: dict[tuple[str, str], fake.FakeAlbum] = {}
        artists: dict[str, fake.FakeArtist] = {}
        for track in self.tracks:
            key = (track.artist, track.album)
            artists.setdefault(
                track.artist,
                fake.FakeArtist(
                    track.artist,
                    mbid=_id("artist", track.artist),
                    genres=_votes("artist", track.artist, count=2),
                    tags=_votes("a-tag", track.artist),
                    lastfm_tags=_names("lastfm", track.artist, ""),
                    tadb=TADB_FACTS,
                ),
            )
            if key not in albums:
                albums[key] = fake.FakeAlbum(
                    track.artist,
                    track.album,
                    2019,
                    _id("release", track.artist.lower(), track.album.lower()),
                    _id("release-group", track.artist.lower(), track.album.lower()),
                    [],
                    group_genres=_votes("group", *key, count=2),
                    group_tags=_votes("group-tag", *key),
                    release_genres=_votes("release", *key, count=1),
                    release_tags=_votes("release-tag", *key),
                    discogs=DISCOGS_FACTS,
                    tadb=TADB_FACTS,
                )
            albums[key].tracks.append(
                fake.FakeTrack(
                    track.title,
                    track.artist,
                    track.recording_id,
                    length_ms=200_000 + track.position * 1000,
                    genres=_votes("rec-genre", track.recording_id, count=1),
                    tags=_votes("recording", track.recording_id, count=2),
                    on_tracklist=track.on_tracklist,
                    lastfm_tags=_names("lastfm", track.artist, track.title),
                    tadb=TADB_FACTS,
                )
            )
        return fake.Catalogue(list(albums.values()), artists)

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


def _votes(*seed: str, count: int = 3) -> Votes:
    first = _number(*seed) % len(GENRES)
    return tuple((GENRES[(first + k) % len(GENRES)], 10 - 3 * k) for k in range(count))


def _names(*seed: str) -> tuple[str, ...]:
    return tuple(name for name, _ in _votes(*seed))


def endpoint_of(request: Request) -> str:
    """The endpoint a request asked, ids folded ("release/<id>", Last.fm's method)."""
    path = request.path.rstrip("/")
    if request.service == "theaudiodb":
        return request.endpoint
    if request.service == "lastfm":
        return request.one.get("method", "?")
    if (request.service == "musicbrainz" and path.count("/") > 1) or (
        request.service == "discogs" and path.startswith("/masters/")
    ):
        return path.split("/")[1] + "/<id>"
    return path.lstrip("/") or "/"


class Responder:
    """The catalogue served on 127.0.0.1 with keep-alive, as the real services do (the shared
    `LoopbackServer` and `CatalogueResponder`); `hits()` is the request log."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.server = LoopbackServer(fake.CatalogueResponder(catalogue.to_fake()), keep_alive=True)

    @property
    def started(self) -> float:
        return self.server.started

    def __enter__(self) -> Responder:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)

    def hits(self) -> list[Hit]:
        return [Hit(r.service, endpoint_of(r), r.at) for r in self.server.all_hits()]

    def base_urls(self) -> dict[str, str]:
        wanted = ("MUSICBRAINZ", "LASTFM", "DISCOGS", "THEAUDIODB")
        return {k: v for k, v in self.server.base_urls().items() if k.startswith(wanted)}
