"""Build the demo's response cache, `fetchers/demo/cache/responses.jsonl`.

The cache is COMPOSED, NOT RECORDED (no network is available where this project is built):
`python -m fetchers enrich` runs for real over the demo sample, but its HTTP requests are
answered in process by `tools.fake_services.CatalogueResponder` over `demo_catalogue()`:
  - the sample's real albums and track lists (fetchers/generate/real_albums.py, local files
    too), with identifiers that are synthetic (uuid5 of the names, Discogs and TheAudioDB
    numbers derived from them) except the genuine ones in `facts.GENUINE_IDS`;
  - `facts.py` beside this file: hand-written, well-known genres/styles/moods of the artists
    and albums, with illustrative counts;
  - the genuine fixture bodies where they fit a sample entity (copies in
    tests/python/fixtures/api, origins in PROVENANCE.md): Linkin Park's Meteora release lookup
    (trimmed to the fields enrich reads), AC/DC Hells Bells and Audioslave Last.fm top tags,
    Rick Astley's MusicBrainz artist, Ed Sheeran's Thinking Out Loud recording, TheAudioDB's
    Coldplay Trouble and Metallica Nothing Else Matters tracks, Adele 21 and Diamond Dogs
    albums and Madonna artist.
The demo's Spotify URIs are synthetic, so MusicBrainz answers "not found" to the Spotify-link
lookups, as it would. Every answered request lands in the cache under the same key the
transport uses, so `enrich --offline` finds it.

Run from the repository root after regenerating the sample:
    python -m tools.demo_cache.build
It ingests the sample into a temporary warehouse, enriches it through the responder, writes the
JSONL sorted by key, then replays it offline into a fresh warehouse and fails if any request
misses.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from fetchers.enrich.cache import SqliteCache
from fetchers.enrich.run import DEMO_CACHE_PATH, Runtime, enrich
from fetchers.enrich.settings import DEFAULT_BASE_URLS, EnrichSettings
from fetchers.generate.real_albums import REAL_ALBUMS, REAL_LOCAL_ALBUMS
from tools.demo_cache.facts import ALBUMS, ARTISTS, GENUINE_IDS
from tools.fake_services.catalogue import (
    Catalogue,
    CatalogueResponder,
    FakeAlbum,
    FakeArtist,
    FakeTrack,
)
from tools.fake_services.server import mock_transport
from tools.fake_services.shapes import synthetic_id

REPOSITORY = Path(__file__).resolve().parent.parent.parent
SAMPLE = REPOSITORY / "fetchers" / "demo" / "sample"
OUTPUT = DEMO_CACHE_PATH
FIXTURES = REPOSITORY / "tests" / "python" / "fixtures" / "api"
DROP_KEYS = frozenset(
    {"relations", "aliases", "rating", "collections", "annotation", "cover-art-archive",
     "label-info", "text-representation", "discs", "data-tracks", "release-events"}
)  # fmt: skip
# genuine bodies served for sample entities: (kind, names...) -> (service, fixture, wrap)
GENUINE_BODIES: dict[tuple[str, ...], tuple[str, str, str | None]] = {
    ("album", "Linkin Park", "Meteora"): (
        "musicbrainz",
        "musicbrainz/musicbrainz_rs_lookup_release_c9d52105-5c20-3216-bc1b-e54918f8f688.json",
        None,
    ),
    ("album", "Adele", "21"): (
        "theaudiodb", "theaudiodb/theaudiodb_searchalbum.php_Adele_21__zoomplayer.json", None
    ),
    ("album", "David Bowie", "Diamond Dogs"): (
        "theaudiodb",
        "theaudiodb/theaudiodb_searchalbum_element_DavidBowie_DiamondDogs__AlbumTalk_API.json",
        "album",
    ),
    ("track", "Ed Sheeran", "Thinking Out Loud"): (
        "musicbrainz", "musicbrainz/picard_ws_data_recording.json", None
    ),
    ("track", "AC/DC", "Hells Bells"): (
        "lastfm", "lastfm/lastfm_track.getTopTags_ACDC_HellsBells.json", None
    ),
    ("track", "Coldplay", "Trouble"): (
        "theaudiodb",
        "theaudiodb/theaudiodb_track.php_h-32724185_Coldplay_Trouble__zoomplayer.json",
        None,
    ),
    ("track", "Metallica", "Nothing Else Matters"): (
        "theaudiodb",
        "theaudiodb/theaudiodb_track_element_Metallica_NothingElseMatters__mediaportal2.json",
        "track",
    ),
    ("artist", "Rick Astley"): (
        "musicbrainz",
        "musicbrainz/musicbrainz_rs_lookup_artist_db92a151-1ac2-438b-bc43-b82e149ddd50.json",
        None,
    ),
    ("artist", "Audioslave"): ("lastfm", "lastfm/lastfm_artist.getTopTags_Audioslave.json", None),
    ("artist", "Madonna"): (
        "theaudiodb", "theaudiodb/theaudiodb_search.php_s-madonna__abc-artist.json", None
    ),
}  # fmt: skip


def trimmed(body: Any) -> Any:
    """The body without the parts enrich never reads (relations, aliases, ratings, ...)."""
    if isinstance(body, dict):
        return {k: trimmed(v) for k, v in body.items() if k not in DROP_KEYS}
    if isinstance(body, list):
        return [trimmed(v) for v in body]
    return body


def genuine_bodies(*entity: str) -> dict[str, Any]:
    """The genuine fixture bodies of a sample entity, by service (trimmed; wrapped in
    TheAudioDB's list where the fixture is a single element)."""
    if entity not in GENUINE_BODIES:
        return {}
    service, relative, wrap = GENUINE_BODIES[entity]
    body = trimmed(json.loads((FIXTURES / relative).read_text(encoding="utf-8")))
    return {service: {wrap: [body]} if wrap else body}


def _artist(name: str) -> FakeArtist:
    facts = ARTISTS.get(name)
    return FakeArtist(
        name,
        mbid=GENUINE_IDS.get(("artist", name), ""),
        genres=facts[0] if facts else None,
        tags=facts[0] if facts else (),
        lastfm_tags=facts[1] if facts else None,
        tadb=facts[2] if facts else None,
        bodies=genuine_bodies("artist", name),
    )


def _track_tags(album_votes: tuple[tuple[str, int], ...], artist: str) -> tuple[str, ...] | None:
    """Last.fm track tags: the album's genres by votes, then the artist's tags; top 4."""
    if artist not in ARTISTS:
        return None
    names = [name for name, _ in sorted(album_votes, key=lambda vote: -vote[1])]
    names += [tag for tag in ARTISTS[artist][1] if tag not in names]
    return tuple(names[:4])


def demo_catalogue() -> Catalogue:
    """The demo sample's albums, artists and facts as the fake services' catalogue."""
    artists = {name: _artist(name) for name in ARTISTS}
    albums: list[FakeAlbum] = []
    for album_artist, title, year, _hint, tracks in (*REAL_ALBUMS, *REAL_LOCAL_ALBUMS):
        votes, discogs, tadb = ALBUMS[(album_artist, title)]
        fake_tracks = []
        for track in tracks:
            name, artist = (track, album_artist) if isinstance(track, str) else track
            artists.setdefault(artist, _artist(artist))
            recording = GENUINE_IDS.get(("recording", album_artist, title, name)) or synthetic_id(
                "recording", artist, title, name
            )
            fake_tracks.append(
                FakeTrack(
                    name,
                    artist,
                    recording,
                    lastfm_tags=_track_tags(votes, artist),
                    bodies=genuine_bodies("track", artist, name),
                )
            )
        artists.setdefault(album_artist, _artist(album_artist))
        albums.append(
            FakeAlbum(
                album_artist,
                title,
                year,
                GENUINE_IDS.get(("release", album_artist, title))
                or synthetic_id("release", album_artist, title),
                GENUINE_IDS.get(("release_group", album_artist, title))
                or synthetic_id("release-group", album_artist, title),
                fake_tracks,
                group_genres=votes,
                group_tags=votes,
                discogs=discogs,
                tadb=tadb,
                bodies=genuine_bodies("album", album_artist, title),
            )
        )
    return Catalogue(albums, artists)


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
        responder = CatalogueResponder(demo_catalogue())
        transport = mock_transport(responder, DEFAULT_BASE_URLS)
        report = enrich(settings, runtime=Runtime(http_transport=transport))
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
