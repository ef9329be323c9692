"""Build the demo's response cache, `fetchers/demo/cache/responses.jsonl`.

The cache is COMPOSED, NOT RECORDED (no network is available where this project is built):
`python -m fetchers enrich` runs for real over the demo sample, but its HTTP requests are
answered by `Composer` below, which writes bodies in each service's real JSON shape from
  - the genuine fixture bodies where they fit a sample track (copies in
    tests/python/fixtures/api, origins in PROVENANCE.md): Linkin Park's Meteora release lookup
    (trimmed to the fields enrich reads), AC/DC Hells Bells and Audioslave Last.fm top tags,
    Rick Astley's MusicBrainz artist, Ed Sheeran's Thinking Out Loud recording, TheAudioDB's
    Coldplay Trouble and Metallica Nothing Else Matters tracks, Adele 21 and Diamond Dogs
    albums and Madonna artist;
  - `cache_facts.py`: hand-written, well-known genres/styles/moods of the other artists and
    albums, with illustrative counts, and synthetic identifiers (uuid5 of the names, Discogs
    and TheAudioDB ids derived from them) except the genuine ids listed there.
Track lists are the sample's real albums (fetchers/generate/real_albums.py, local files too).
The demo's Spotify URIs are synthetic, so MusicBrainz answers "not found" to the Spotify-link
lookups, as it would. Every answered request lands in the cache under the same key the
transport uses, so `enrich --offline` finds it.

Run from the repository root after regenerating the sample:
    python -m fetchers.demo.build_cache
It ingests the sample into a temporary warehouse, enriches it through the composer, writes the
JSONL sorted by key, then replays it offline into a fresh warehouse and fails if any request
misses.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import httpx

from fetchers.demo.cache_facts import ALBUMS, ARTISTS, GENUINE_IDS
from fetchers.enrich import matching
from fetchers.enrich.cache import SqliteCache
from fetchers.enrich.run import Runtime, enrich
from fetchers.enrich.settings import EnrichSettings
from fetchers.generate.real_albums import REAL_ALBUMS, REAL_LOCAL_ALBUMS

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample"
OUTPUT = HERE / "cache" / "responses.jsonl"
FIXTURES = HERE.parent.parent / "tests" / "python" / "fixtures" / "api"
NAMESPACE = uuid.UUID("6f0e7c1a-3b1d-5c47-9a0e-1d2c3b4a5f60")
VARIOUS = "Various Artists"
DROP_KEYS = frozenset(
    {"relations", "aliases", "rating", "collections", "annotation", "cover-art-archive",
     "label-info", "text-representation", "discs", "data-tracks", "release-events"}
)  # fmt: skip


def synthetic_id(*parts: str) -> str:
    """A stable, clearly synthetic MBID for a composed entity."""
    return str(uuid.uuid5(NAMESPACE, "demo|" + "|".join(parts)))


def synthetic_number(*parts: str) -> int:
    return 1_000_000 + uuid.uuid5(NAMESPACE, "num|" + "|".join(parts)).int % 9_000_000


def fixture(relative: str) -> Any:
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


def trimmed(body: Any) -> Any:
    """The body without the parts enrich never reads (relations, aliases, ratings, ...)."""
    if isinstance(body, dict):
        return {k: trimmed(v) for k, v in body.items() if k not in DROP_KEYS}
    if isinstance(body, list):
        return [trimmed(v) for v in body]
    return body


@dataclass
class AlbumSpec:
    artist: str
    title: str
    year: int
    release_id: str
    release_group_id: str
    tracks: list[tuple[str, str, str]]  # (title, artist, recording id)


def artist_id(name: str) -> str:
    return GENUINE_IDS.get(("artist", name)) or synthetic_id("artist", name)


def mb_votes(votes: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
    return [
        {"name": name, "count": count, "disambiguation": "", "id": synthetic_id("genre", name)}
        for name, count in sorted(votes)
    ]


def mb_tags(votes: tuple[tuple[str, int], ...]) -> list[dict[str, Any]]:
    return [{"name": name, "count": count} for name, count in sorted(votes)]


def credit(name: str, *, with_tags: bool = False) -> list[dict[str, Any]]:
    artist: dict[str, Any] = {"id": artist_id(name), "name": name, "sort-name": name,
                              "disambiguation": ""}  # fmt: skip
    if with_tags and name in ARTISTS:
        artist["genres"] = mb_votes(ARTISTS[name][0])
        artist["tags"] = mb_tags(ARTISTS[name][0])
    return [{"name": name, "joinphrase": "", "artist": artist}]


class Composer:
    """Answers enrich's requests with composed bodies in each service's real shape."""

    def __init__(self) -> None:
        self.albums: dict[tuple[str, str], AlbumSpec] = {}
        self.by_release: dict[str, AlbumSpec] = {}
        self.by_recording: dict[str, tuple[AlbumSpec, str, str]] = {}
        self.by_track: dict[tuple[str, str], tuple[AlbumSpec, str]] = {}
        for album_artist, title, year, _hint, tracks in (*REAL_ALBUMS, *REAL_LOCAL_ALBUMS):
            release = GENUINE_IDS.get(("release", album_artist, title)) or synthetic_id(
                "release", album_artist, title
            )
            group = GENUINE_IDS.get(("release_group", album_artist, title)) or synthetic_id(
                "release-group", album_artist, title
            )
            spec = AlbumSpec(album_artist, title, year, release, group, [])
            for track in tracks:
                name, artist = (track, album_artist) if isinstance(track, str) else track
                recording = GENUINE_IDS.get(
                    ("recording", album_artist, title, name)
                ) or synthetic_id("recording", artist, title, name)
                spec.tracks.append((name, artist, recording))
                self.by_recording[recording] = (spec, name, artist)
                self.by_track.setdefault((artist.lower(), name.lower()), (spec, recording))
            self.albums[(album_artist, title)] = spec
            self.by_release[release] = spec
        self.meteora = trimmed(
            fixture(
                "musicbrainz/musicbrainz_rs_lookup_release_"
                "c9d52105-5c20-3216-bc1b-e54918f8f688.json"
            )
        )
        self.release_queries = {
            matching.release_query(spec.artist, spec.title): spec
            for spec in self.albums.values()
            if spec.artist != VARIOUS
        }
        # the title-only search enrich falls back to (compilations: the export names a track
        # artist, not Various Artists, so the artist-constrained search finds nothing)
        self.release_title_queries: dict[str, list[AlbumSpec]] = {}
        for spec in self.albums.values():
            query = matching.release_title_query(spec.title)
            self.release_title_queries.setdefault(query, []).append(spec)
        self.recording_queries: dict[str, tuple[AlbumSpec, str, str, str]] = {}
        for spec in self.albums.values():
            for name, artist, recording in spec.tracks:
                for album in (spec.title, None):
                    query = matching.recording_query(artist, name, album)
                    self.recording_queries[query] = (spec, name, artist, recording)

    # --- dispatch -----------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        params = dict(request.url.params.multi_items())
        path = request.url.path
        if host == "musicbrainz.org":
            status, body = self.musicbrainz(path.removeprefix("/ws/2"), params)
        elif host == "ws.audioscrobbler.com":
            status, body = self.lastfm(params)
        elif host == "api.discogs.com":
            status, body = self.discogs(path, params)
        elif host == "www.theaudiodb.com":
            status, body = self.theaudiodb(path.rsplit("/", 1)[-1], params)
        else:
            raise AssertionError(f"unexpected host {host}")
        return httpx.Response(status, json=body)

    # --- MusicBrainz --------------------------------------------------------------------
    def musicbrainz(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        not_found = (
            404,
            {
                "error": "Not Found",
                "help": "For usage, please see: https://musicbrainz.org/development/mmd",
            },
        )
        if path == "/url":
            return not_found  # the demo's Spotify URIs are synthetic: no link is known
        if path == "/release":
            spec = self.release_queries.get(params["query"])
            specs = [spec] if spec else self.release_title_queries.get(params["query"], [])
            releases = [self.release_summary(spec) for spec in specs]
            return 200, {
                "created": "2026-01-01T00:00:00.000Z",
                "count": len(releases),
                "offset": 0,
                "releases": releases,
            }
        if path.startswith("/release/"):
            spec = self.by_release.get(path.rsplit("/", 1)[1])
            if spec is None:
                return not_found
            if spec.release_id == self.meteora["id"]:
                return 200, self.meteora
            return 200, self.release_lookup(spec)
        if path == "/recording":
            found = self.recording_queries.get(params["query"])
            recordings = [] if found is None else [self.recording_summary(*found)]
            return 200, {
                "created": "2026-01-01T00:00:00.000Z",
                "count": len(recordings),
                "offset": 0,
                "recordings": recordings,
            }
        if path.startswith("/recording/"):
            recording_id = path.rsplit("/", 1)[1]
            if recording_id == GENUINE_IDS[("recording", "Ed Sheeran", "x", "Thinking Out Loud")]:
                return 200, trimmed(fixture("musicbrainz/picard_ws_data_recording.json"))
            if recording_id not in self.by_recording:
                return not_found
            spec, name, artist = self.by_recording[recording_id]
            return 200, {
                "id": recording_id,
                "title": name,
                "length": None,
                "video": False,
                "disambiguation": "",
                "isrcs": [],
                "artist-credit": credit(artist),
                "genres": [],
                "tags": [],
            }
        if path.startswith("/artist/"):
            wanted = path.rsplit("/", 1)[1]
            if wanted == GENUINE_IDS[("artist", "Rick Astley")]:
                return 200, trimmed(
                    fixture(
                        "musicbrainz/musicbrainz_rs_lookup_artist_"
                        "db92a151-1ac2-438b-bc43-b82e149ddd50.json"
                    )
                )
            for name, facts in ARTISTS.items():
                if artist_id(name) == wanted:
                    return 200, {
                        "id": wanted,
                        "name": name,
                        "sort-name": name,
                        "type": None,
                        "disambiguation": "",
                        "genres": mb_votes(facts[0]),
                        "tags": mb_tags(facts[0]),
                    }
            return not_found
        raise AssertionError(f"unexpected MusicBrainz path {path}")

    def release_summary(self, spec: AlbumSpec) -> dict[str, Any]:
        return {
            "id": spec.release_id, "score": 100, "title": spec.title, "status": "Official",
            "date": str(spec.year), "country": "XW", "track-count": len(spec.tracks),
            "artist-credit": credit(spec.artist),
            "release-group": {"id": spec.release_group_id, "title": spec.title,
                              "primary-type": "Album",
                              **({"secondary-types": ["Compilation", "Soundtrack"]}
                                 if spec.artist == VARIOUS else {})},
            "media": [{"format": "Digital Media", "track-count": len(spec.tracks)}],
        }  # fmt: skip

    def release_lookup(self, spec: AlbumSpec) -> dict[str, Any]:
        votes = ALBUMS[(spec.artist, spec.title)][0]
        return {
            "id": spec.release_id, "title": spec.title, "status": "Official",
            "date": str(spec.year), "country": "XW", "disambiguation": "",
            "artist-credit": credit(spec.artist, with_tags=True),
            "genres": [], "tags": [],
            "release-group": {"id": spec.release_group_id, "title": spec.title,
                              "primary-type": "Album", "first-release-date": str(spec.year),
                              "genres": mb_votes(votes), "tags": mb_tags(votes)},
            "media": [{
                "position": 1, "format": "Digital Media", "track-count": len(spec.tracks),
                "track-offset": 0,
                "tracks": [
                    {"id": synthetic_id("track", spec.release_id, str(number)),
                     "position": number, "number": str(number), "title": name, "length": None,
                     "recording": {"id": recording, "title": name, "length": None,
                                   "video": False, "disambiguation": "",
                                   "artist-credit": credit(artist), "genres": [], "tags": []}}
                    for number, (name, artist, recording) in enumerate(spec.tracks, start=1)
                ],
            }],
        }  # fmt: skip

    def recording_summary(
        self, spec: AlbumSpec, name: str, artist: str, recording: str
    ) -> dict[str, Any]:
        return {
            "id": recording, "score": 100, "title": name, "length": None, "video": None,
            "artist-credit": credit(artist),
            "releases": [{"id": spec.release_id, "title": spec.title, "status": "Official",
                          "release-group": {"id": spec.release_group_id,
                                            "primary-type": "Album"}}],
        }  # fmt: skip

    # --- Last.fm ------------------------------------------------------------------------
    def lastfm(self, params: dict[str, str]) -> tuple[int, Any]:
        method, artist = params.get("method"), params.get("artist", "")
        error6 = fixture("lastfm/lastfm_artist.getTopTags_error6_not_found.json")
        if method == "artist.getTopTags":
            if artist == "Audioslave":
                return 200, fixture("lastfm/lastfm_artist.getTopTags_Audioslave.json")
            if artist not in ARTISTS:
                return 200, error6
            return 200, top_tags(ARTISTS[artist][1], {"artist": artist})
        track = params.get("track", "")
        if artist == "AC/DC" and track == "Hells Bells":
            return 200, fixture("lastfm/lastfm_track.getTopTags_ACDC_HellsBells.json")
        found = self.by_track.get((artist.lower(), track.lower()))
        if found is None or artist not in ARTISTS:
            return 200, {"error": 6, "message": "Track not found", "links": []}
        spec = found[0]
        names = [
            name for name, _ in sorted(ALBUMS[(spec.artist, spec.title)][0], key=lambda v: -v[1])
        ]
        names += [t for t in ARTISTS[artist][1] if t not in names]
        return 200, top_tags(tuple(names[:4]), {"artist": artist, "track": track})

    # --- Discogs ------------------------------------------------------------------------
    def discogs(self, path: str, params: dict[str, str]) -> tuple[int, Any]:
        if path == "/database/search":
            spec = None
            if params.get("type") == "master":
                artist = params.get("artist", "")
                if "release_title" in params:
                    candidate = self.albums.get((artist, params["release_title"]))
                    spec = candidate if candidate and candidate.artist == artist else None
                elif "track" in params:
                    found = self.by_track.get((artist.lower(), params["track"].lower()))
                    spec = found[0] if found and found[0].artist == artist else None
            results = [] if spec is None else [self.discogs_hit(spec)]
            return 200, {"pagination": {"page": 1, "pages": 1 if results else 0, "per_page": 10,
                                        "items": len(results), "urls": {}},
                         "results": results}  # fmt: skip
        if path.startswith("/masters/"):
            number = int(path.rsplit("/", 1)[1])
            for spec in self.albums.values():
                if synthetic_number("master", spec.artist, spec.title) == number:
                    genres, styles = ALBUMS[(spec.artist, spec.title)][1]
                    return 200, {
                        "id": number, "title": spec.title, "year": spec.year,
                        "genres": list(genres), "styles": list(styles),
                        "artists": [{"name": spec.artist, "anv": "", "join": "", "role": "",
                                     "tracks": "",
                                     "id": synthetic_number("artist", spec.artist)}],
                        "resource_url": f"https://api.discogs.com/masters/{number}",
                        "uri": f"https://www.discogs.com/master/{number}",
                        "data_quality": "Correct",
                    }  # fmt: skip
        return 404, {"message": "Resource not found."}

    def discogs_hit(self, spec: AlbumSpec) -> dict[str, Any]:
        number = synthetic_number("master", spec.artist, spec.title)
        genres, styles = ALBUMS[(spec.artist, spec.title)][1]
        return {
            "type": "master", "id": number, "master_id": number,
            "master_url": f"https://api.discogs.com/masters/{number}",
            "resource_url": f"https://api.discogs.com/masters/{number}",
            "title": f"{spec.artist} - {spec.title}", "year": str(spec.year),
            "genre": list(genres), "style": list(styles), "format": ["Album"],
            "uri": f"/master/{number}",
            "community": {"want": 0, "have": 0},
        }  # fmt: skip

    # --- TheAudioDB ---------------------------------------------------------------------
    def theaudiodb(self, endpoint: str, params: dict[str, str]) -> tuple[int, Any]:
        if endpoint == "track-mb.php":
            wanted = params.get("i")
            if wanted == GENUINE_IDS[("recording", "Coldplay", "Parachutes", "Trouble")]:
                return 200, fixture(
                    "theaudiodb/theaudiodb_track.php_h-32724185_Coldplay_Trouble__zoomplayer.json"
                )
            if wanted == GENUINE_IDS[("recording", "Metallica", "Metallica",
                                      "Nothing Else Matters")]:  # fmt: skip
                return 200, {"track": [fixture(
                    "theaudiodb/theaudiodb_track_element_Metallica_NothingElseMatters__"
                    "mediaportal2.json"
                )]}  # fmt: skip
            return 200, {"track": None}
        if endpoint == "searchtrack.php":
            return 200, {"track": None}
        if endpoint in ("album-mb.php", "searchalbum.php"):
            spec = None
            for candidate in self.albums.values():
                if params.get("i") == candidate.release_group_id or (
                    params.get("s") == candidate.artist and params.get("a") == candidate.title
                ):
                    spec = candidate
            if spec is None:
                return 200, {"album": None}
            if (spec.artist, spec.title) == ("Adele", "21"):
                return 200, fixture(
                    "theaudiodb/theaudiodb_searchalbum.php_Adele_21__zoomplayer.json"
                )
            if (spec.artist, spec.title) == ("David Bowie", "Diamond Dogs"):
                return 200, {"album": [fixture(
                    "theaudiodb/theaudiodb_searchalbum_element_DavidBowie_DiamondDogs__"
                    "AlbumTalk_API.json"
                )]}  # fmt: skip
            genre, style, mood = ALBUMS[(spec.artist, spec.title)][2]
            return 200, {"album": [{
                "idAlbum": str(synthetic_number("tadb-album", spec.artist, spec.title)),
                "idArtist": str(synthetic_number("tadb-artist", spec.artist)),
                "strAlbum": spec.title, "strArtist": spec.artist,
                "intYearReleased": str(spec.year), "strGenre": genre, "strStyle": style,
                "strMood": mood, "strTheme": None, "strSpeed": None,
                "strMusicBrainzID": spec.release_group_id,
                "strMusicBrainzArtistID": artist_id(spec.artist),
            }]}  # fmt: skip
        if endpoint in ("artist-mb.php", "search.php"):
            name = next(
                (n for n in ARTISTS if artist_id(n) == params.get("i") or n == params.get("s")),
                None,
            )
            if name is None:
                return 200, {"artists": None}
            if name == "Madonna":
                return 200, fixture("theaudiodb/theaudiodb_search.php_s-madonna__abc-artist.json")
            genre, style, mood = ARTISTS[name][2]
            return 200, {"artists": [{
                "idArtist": str(synthetic_number("tadb-artist", name)), "strArtist": name,
                "strGenre": genre, "strStyle": style, "strMood": mood,
                "strMusicBrainzID": artist_id(name),
            }]}  # fmt: skip
        raise AssertionError(f"unexpected TheAudioDB endpoint {endpoint}")


def top_tags(names: tuple[str, ...], attr: dict[str, str]) -> dict[str, Any]:
    counts = (100, 72, 51, 33, 20)
    return {
        "toptags": {
            "tag": [
                {"count": count, "name": name, "url": f"https://www.last.fm/tag/{quote_plus(name)}"}
                for name, count in zip(names, counts, strict=False)
            ],
            "@attr": attr,
        }
    }


def ingest_sample(duckdb_path: Path) -> None:
    users = json.loads((SAMPLE / "users.json").read_text(encoding="utf-8"))
    for user in users:
        paths = [str(SAMPLE / p) for p in user["paths"]]
        subprocess.run(
            [sys.executable, "-m", "fetchers", "ingest", *paths, "--user", user["user"],
             "--timezone", user["timezone"]],
            check=True,
            env={"DUCKDB_PATH": str(duckdb_path), "PATH": "/usr/bin:/bin"},
            stdout=subprocess.DEVNULL,
        )  # fmt: skip


def build(output: Path = OUTPUT) -> dict[str, int]:
    """Compose the cache; returns the number of entries per service."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ingest_sample(work / "build.duckdb")
        env = {
            "DUCKDB_PATH": str(work / "build.duckdb"),
            "ENRICH_CACHE_PATH": str(work / "cache.sqlite"),
            "MUSICBRAINZ_CONTACT": "demo-cache-builder",
            "LASTFM_API_KEY": "composed",
            "DISCOGS_TOKEN": "composed",
            **{f"{s}_RATE_LIMIT": "1000" for s in ("MUSICBRAINZ", "LASTFM", "DISCOGS",
                                                   "THEAUDIODB")},
        }  # fmt: skip
        settings = EnrichSettings.from_env(env)
        composer = Composer()
        report = enrich(
            settings, runtime=Runtime(http_transport=httpx.MockTransport(composer.handle))
        )
        if any(s.failures or s.incomplete for s in report.sources.values()):
            raise SystemExit(f"composing failed: {report}")
        cache = SqliteCache(settings.cache_path, clock=lambda: 0.0)
        counts: dict[str, int] = {}
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8") as handle:
            for key, url, status, body in cache.entries():
                counts[key.split(" ", 1)[0]] = counts.get(key.split(" ", 1)[0], 0) + 1
                entry = {"key": key, "url": url, "status": status, "body": json.loads(body)}
                handle.write(json.dumps(entry, ensure_ascii=False, sort_keys=False) + "\n")
        cache.close()
        # replay offline into a fresh warehouse: every request must be answered
        ingest_sample(work / "replay.duckdb")
        replay_settings = EnrichSettings.from_env(
            {"DUCKDB_PATH": str(work / "replay.duckdb")}, offline=True
        )
        replay = enrich(replay_settings, offline=True, cache_path=output)
        misses = {s.source: s.cache_misses for s in replay.sources.values() if s.cache_misses}
        if misses:
            raise SystemExit(f"the composed cache misses requests offline: {misses}")
        return counts


def main() -> None:
    counts = build()
    total = sum(counts.values())
    print(f"wrote {OUTPUT} ({total} responses: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")")  # fmt: skip


if __name__ == "__main__":
    main()
