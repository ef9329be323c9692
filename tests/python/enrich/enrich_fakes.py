"""The enrichment tests' scenario: hand-written answers to the requests enrich sends, served by
the shared fake services (`tools.fake_services`: the bodies' shapes and the loopback server), with
injectable faults.

Each answer is chosen to exercise one rule (a homonym left unresolved, a live version and a
cover that must not win, a compilation split by track artist, two compilations sharing a title,
Discogs' quota header, Last.fm's errors in HTTP 200); bodies are the genuine fixtures where one
fits (Meteora release lookup, AC/DC Hells Bells and Audioslave top tags, Last.fm error 6, the
empty mismatch) and `shapes` builders elsewhere. Paths: /mb (MusicBrainz), /lastfm, /discogs,
/tadb/<key> (TheAudioDB), /spotify, /spotify-accounts.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.fake_services import shapes
from tools.fake_services.server import SERVICE_PREFIXES, LoopbackServer, Reply, Request

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "api"


def load_fixture(relative: str) -> Any:
    """A genuine response body (see fixtures/api/PROVENANCE.md)."""
    return json.loads((FIXTURES / relative).read_text(encoding="utf-8"))


METEORA_ID = "c9d52105-5c20-3216-bc1b-e54918f8f688"
SOMEWHERE_ID = "d342506d-8f07-4ed7-a06f-cfebd44be1dc"
LINKIN_PARK_ID = "f59c5520-5f46-4d2c-b2c4-822eabf53419"
ACDC_ID = "66c662b6-6e2f-4930-8610-912e24c63ed1"
HELLS_BELLS_ID = "11111111-0000-4000-8000-000000000001"
HELLS_BELLS_LIVE_ID = "11111111-0000-4000-8000-000000000002"
HELLS_BELLS_COVER_ID = "11111111-0000-4000-8000-000000000003"
NIRVANA_US = "5b11f4ce-a62d-471e-81fc-a69a8278c7da"
NIRVANA_UK = "9282c8b4-ca0b-4c6b-b7e3-4f7762dfc4d6"
# a compilation (credited to Various Artists) that the exports split by track artist
VARIOUS_ID = "89ad4ac3-39f7-470e-963a-56509c546377"
AWESOME = "Guardians of the Galaxy: Awesome Mix Vol. 1 (Original Motion Picture Soundtrack)"
AWESOME_ID = "22222222-0000-4000-8000-000000000001"  # the digital release
AWESOME_VINYL_ID = "22222222-0000-4000-8000-000000000002"  # another edition, same group
AWESOME_VOL2_ID = "22222222-0000-4000-8000-000000000003"
AWESOME_SCORE_ID = "22222222-0000-4000-8000-000000000004"
HITS_A_ID = "22222222-0000-4000-8000-000000000005"  # two compilations sharing a title
HITS_B_ID = "22222222-0000-4000-8000-000000000006"
BLUE_SWEDE_ID = "33333333-0000-4000-8000-000000000001"
GREENBAUM_ID = "33333333-0000-4000-8000-000000000002"
HOOKED_ID = "44444444-0000-4000-8000-000000000001"
SKY_ID = "44444444-0000-4000-8000-000000000002"
AWESOME_TRACKS = (  # (title, artist, artist id, recording id)
    ("Hooked on a Feeling", "Blue Swede", BLUE_SWEDE_ID, HOOKED_ID),
    ("Go All the Way", "Raspberries", "33333333-0000-4000-8000-000000000003",
     "44444444-0000-4000-8000-000000000003"),
    ("Spirit in the Sky", "Norman Greenbaum", GREENBAUM_ID, SKY_ID),
    ("Come and Get Your Love", "Redbone", "33333333-0000-4000-8000-000000000004",
     "44444444-0000-4000-8000-000000000004"),
)  # fmt: skip


@dataclass
class Faults:
    """Fault -> how many times it still fires."""

    counts: dict[str, int] = field(default_factory=dict)

    def take(self, name: str) -> bool:
        if self.counts.get(name, 0) > 0:
            self.counts[name] -= 1
            return True
        return False


def _credit(name: str, artist_id: str) -> list[dict[str, Any]]:
    return shapes.mb_credit(shapes.mb_artist(artist_id, name))


VARIOUS_CREDIT = _credit("Various Artists", VARIOUS_ID)
COMPILATION_TYPES = ("Compilation", "Soundtrack")


def _search_recording(
    rid: str, title: str, credit: list, releases: list[str], **extra: Any
) -> dict[str, Any]:
    """A recording search result on the given release titles (312 s long)."""
    refs = [shapes.mb_release_ref(f"rel-{i}", t, f"rg-rel-{i}") for i, t in enumerate(releases)]
    return shapes.mb_recording_summary(rid, title, credit, refs, length_ms=312000, **extra)


def _compilation_summary(
    rid: str, title: str, group: str, score: int, date: str | None = None
) -> dict[str, Any]:
    return shapes.mb_release_summary(
        rid,
        title,
        date=date,
        credit=VARIOUS_CREDIT,
        group=shapes.mb_release_group(group, title, secondary_types=COMPILATION_TYPES),
        track_count=len(AWESOME_TRACKS),
        score=score,
    )


def _compilation_lookup(rid: str, title: str, group: str, tracks: tuple) -> dict[str, Any]:
    """A Various Artists release lookup (inc=recordings+genres+tags+release-groups+...)."""
    return shapes.mb_release_lookup(
        rid,
        title,
        date=None,
        credit=VARIOUS_CREDIT,
        group=shapes.mb_release_group(
            group, title, genres=(("soundtrack", 3),), tags=(("soundtrack", 3), ("70s", 1))
        ),
        tracks=[
            shapes.mb_medium_track(
                f"{rid}-t{number}",
                number,
                name,
                170000,
                shapes.mb_recording(
                    recording,
                    name,
                    _credit(artist, artist_id),
                    length_ms=170000,
                    tags=(("70s", 2),),
                ),
            )
            for number, (name, artist, artist_id, recording) in enumerate(tracks, 1)
        ],
    )


def _meteora_summaries() -> list[dict[str, Any]]:
    linkin_park = _credit("Linkin Park", LINKIN_PARK_ID)
    return [
        shapes.mb_release_summary(
            METEORA_ID, "Meteora", date="2003-03-25", credit=linkin_park,
            group=shapes.mb_release_group("rg-meteora", "Meteora"), track_count=13,
        ),
        shapes.mb_release_summary(
            "other-release", "Meteora Live", date=None, credit=linkin_park,
            group=shapes.mb_release_group("rg-other", "Meteora Live"), track_count=20,
            status="Bootleg", score=60,
        ),
    ]  # fmt: skip


class Services:
    """The scenario served on 127.0.0.1; `hits_of` takes a service or its path prefix."""

    def __init__(self, faults: dict[str, int] | None = None, timeout_sleep: float = 0.6) -> None:
        self.faults = Faults(dict(faults or {}))
        self.timeout_sleep = timeout_sleep
        self.server = LoopbackServer(self.answer)

    @property
    def base(self) -> str:
        return self.server.base

    @property
    def hits(self) -> list[Request]:
        return self.server.all_hits()

    def env(self, **extra: str) -> dict[str, str]:
        urls = self.server.base_urls()
        return {
            **{k: v for k, v in urls.items() if not k.startswith("SPOTIFY_")},
            "MUSICBRAINZ_CONTACT": "tests@example.org",
            "LASTFM_API_KEY": "SECRETLASTFMKEY",
            "DISCOGS_TOKEN": "SECRETDISCOGSTOKEN",
            "THEAUDIODB_API_KEY": "SECRETTADBKEY",
            "MUSICBRAINZ_RATE_LIMIT": "200",
            "LASTFM_RATE_LIMIT": "200",
            "DISCOGS_RATE_LIMIT": "200",
            "THEAUDIODB_RATE_LIMIT": "200",
            "ENRICH_READ_TIMEOUT": "0.3",  # the `lastfm_timeout` fault sleeps past it
            **extra,
        }

    def __enter__(self) -> Services:
        self.server.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.__exit__(*exc)

    def hits_of(self, service: str) -> list[Request]:
        return self.server.hits_of(SERVICE_PREFIXES.get(service, service))

    # --- routing ----------------------------------------------------------------------
    def answer(self, request: Request) -> Reply:
        path = request.path.rstrip("/") or "/"
        one, headers = request.one, request.headers
        if request.service == "spotify-accounts":
            expected = "Basic " + base64.b64encode(b"SPOTIFYID:SECRETSPOTIFYSECRET").decode()
            if path != "/api/token" or headers.get("Authorization") != expected:
                return Reply(400, {"error": "invalid_client"})
            return Reply(200, shapes.spotify_token("SECRETSPOTIFYTOKEN"))
        if request.service == "spotify":
            return self._spotify(path, one, headers)
        if request.service == "musicbrainz":
            return self._musicbrainz(path, one, request.query)
        if request.service == "lastfm":
            return self._lastfm(one)
        if request.service == "discogs":
            return self._discogs(path, one)
        return self._theaudiodb(request.endpoint, one)

    def _spotify(self, path: str, one: dict, headers: dict) -> Reply:
        if headers.get("Authorization") != "Bearer SECRETSPOTIFYTOKEN":
            return Reply(401, shapes.spotify_error(401, "Invalid access token"))
        ids = one.get("ids", "").split(",")
        if path == "/tracks":
            known = {
                "HELLS": shapes.spotify_track(
                    "HELLS", "Hells Bells", 312000, "AUAP08000039", [("acdc-sp", "AC/DC")]
                )
            }
            return Reply(200, {"tracks": [known.get(i) for i in ids]})
        if path == "/artists":
            artists = [shapes.spotify_artist(i, "AC/DC", ["hard rock", "rock"]) for i in ids]
            return Reply(200, {"artists": artists})
        return Reply(404, shapes.spotify_error(404))

    def _musicbrainz(self, path: str, one: dict, q: dict) -> Reply:
        not_found = Reply(404, shapes.mb_not_found())
        if path == "/url":
            links = [
                (
                    resource,
                    shapes.mb_recording(
                        SOMEWHERE_ID,
                        "Somewhere I Belong",
                        _credit("Linkin Park", LINKIN_PARK_ID),
                        length_ms=312000,
                    ),
                )
                for resource in q.get("resource", [])
                if resource.endswith("/SOMEWHERE")
            ]
            return Reply(200, shapes.mb_url_lookup(links)) if links else not_found
        if path == "/isrc/AUAP08000039":
            hells = shapes.mb_recording(
                HELLS_BELLS_ID, "Hells Bells", _credit("AC/DC", ACDC_ID), length_ms=312000
            )
            return Reply(200, shapes.mb_isrc("AUAP08000039", [hells]))
        if path == "/release":
            if self.faults.take("mb_release_search_503"):
                return Reply(503, {"error": "busy"})
            return Reply(200, shapes.mb_search("releases", self._releases(one["query"])))
        if path == f"/release/{AWESOME_ID}":
            return Reply(
                200, _compilation_lookup(AWESOME_ID, AWESOME, "rg-awesome", AWESOME_TRACKS)
            )
        if path in (f"/release/{HITS_A_ID}", f"/release/{HITS_B_ID}"):
            rid = path.rsplit("/", 1)[1]
            group = "rg-hits-a" if rid == HITS_A_ID else "rg-hits-b"
            lookup = _compilation_lookup(rid, "Hits of the 70s", group, AWESOME_TRACKS[2:])
            return Reply(200, lookup)
        if path == f"/release/{METEORA_ID}":
            return Reply(
                200, load_fixture(f"musicbrainz/musicbrainz_rs_lookup_release_{METEORA_ID}.json")
            )
        if path == "/recording":
            if self.faults.take("mb_recording_search_429"):
                return Reply(429, {"error": "slow down"}, {"Retry-After": "1"})
            return Reply(200, shapes.mb_search("recordings", self._recordings(one["query"])))
        if path == f"/recording/{HELLS_BELLS_ID}":
            return Reply(
                200,
                shapes.mb_recording_lookup(
                    HELLS_BELLS_ID,
                    "Hells Bells",
                    _credit("AC/DC", ACDC_ID),
                    length_ms=312000,
                    genres=(("hard rock", 4),),
                    tags=(("hard rock", 4), ("classic rock", 2)),
                    isrcs=["AUAP08000039"],
                ),
            )
        if path.startswith("/artist/") and self.faults.take("mb_artist_503"):
            return Reply(503, {"error": "busy"})
        if path == f"/artist/{ACDC_ID}":
            if self.faults.counts.get("acdc_untagged"):
                return Reply(200, shapes.mb_artist_lookup(ACDC_ID, "AC/DC", (), ()))
            genres = (("hard rock", 20), ("rock", 10))
            return Reply(
                200, shapes.mb_artist_lookup(ACDC_ID, "AC/DC", genres, (("australian", 5),))
            )
        return not_found

    def _releases(self, query: str) -> list[dict[str, Any]]:
        if "primarytype:album" in query and '"Guardians of the Galaxy\\: Awesome' in query:
            # the title-only search: editions, another volume, the score
            return [
                _compilation_summary(AWESOME_ID, AWESOME, "rg-awesome", 100, "2014-07-29"),
                _compilation_summary(AWESOME_VINYL_ID, AWESOME, "rg-awesome", 100, "2014-11-24"),
                _compilation_summary(
                    AWESOME_VOL2_ID,
                    "Guardians of the Galaxy: Awesome Mix Vol. 2 (Original Motion Picture "
                    "Soundtrack)",
                    "rg-vol2",
                    90,
                ),
                _compilation_summary(
                    AWESOME_SCORE_ID, "Guardians of the Galaxy (Original Score)", "rg-score", 60
                ),
            ]
        if "primarytype:album" in query and '"Hits of the 70s"' in query:
            return [
                _compilation_summary(HITS_A_ID, "Hits of the 70s", "rg-hits-a", 100),
                _compilation_summary(HITS_B_ID, "Hits of the 70s", "rg-hits-b", 100),
            ]
        if '"Guardians of the Galaxy\\: Awesome' in query and 'artist:"Blue Swede"' in query:
            # the artist-constrained search finds the artist's own album, not the compilation
            return [
                shapes.mb_release_summary(
                    "hooked-album", "Hooked on a Feeling", date=None,
                    credit=_credit("Blue Swede", BLUE_SWEDE_ID),
                    group=shapes.mb_release_group("rg-hooked", "Hooked on a Feeling"),
                    track_count=10, score=70,
                )
            ]  # fmt: skip
        if '"Meteora"' in query:
            return _meteora_summaries()
        return []

    def _recordings(self, query: str) -> list[dict[str, Any]]:
        if '"Hells Bells"' in query:
            acdc = _credit("AC/DC", ACDC_ID)
            return [
                _search_recording(
                    HELLS_BELLS_ID, "Hells Bells", acdc, ["Back in Black"], score=100
                ),
                _search_recording(
                    HELLS_BELLS_LIVE_ID, "Hells Bells", acdc, ["Live"],
                    disambiguation="live, 1991", score=98,
                ),
                _search_recording(
                    HELLS_BELLS_COVER_ID, "Hells Bells", _credit("Dread Zeppelin", "dz"),
                    ["Covers"], score=70,
                ),
            ]  # fmt: skip
        if '"Lithium"' in query:
            return [
                _search_recording(
                    "lith-us", "Lithium", _credit("Nirvana", NIRVANA_US), ["Nevermind"], score=100
                ),
                _search_recording(
                    "lith-uk", "Lithium", _credit("Nirvana", NIRVANA_UK), ["Local"], score=100
                ),
            ]
        return []

    def _lastfm(self, one: dict) -> Reply:
        if one.get("api_key") == "BADKEY":
            return Reply(403, shapes.lastfm_error(10, "Invalid API key"))
        if self.faults.take("lastfm_timeout"):
            time.sleep(self.timeout_sleep)
        method, artist = one.get("method"), one.get("artist", "")
        if method == "track.getTopTags":
            if artist == "AC/DC" and one.get("track") == "Hells Bells":
                return Reply(
                    200, load_fixture("lastfm/lastfm_track.getTopTags_ACDC_HellsBells.json")
                )
            if artist == "Nirvana":
                return Reply(
                    200, load_fixture("lastfm/lastfm_track.getTopTags_empty_mismatch.json")
                )
        if method == "artist.getTopTags":
            if artist == "AC/DC" and self.faults.take("lastfm_malformed"):
                return Reply(200, '{"toptags": {"tag": [')
            if artist == "Linkin Park":
                return Reply(200, load_fixture("lastfm/lastfm_artist.getTopTags_Audioslave.json"))
        return Reply(200, load_fixture("lastfm/lastfm_artist.getTopTags_error6_not_found.json"))

    def _discogs(self, path: str, one: dict) -> Reply:
        if path == "/database/search":
            results = []
            if one.get("type") == "master" and one.get("release_title") == "Meteora":
                results.append(
                    shapes.discogs_master_hit(
                        5000, "Linkin Park", "Meteora", 2003, ["Rock"], ["Nu Metal"]
                    )
                )
            return Reply(200, shapes.discogs_search(results))
        if path == "/masters/5000":
            master = shapes.discogs_master(
                5000, "Meteora", 2003, ["Rock", "Electronic"], ["Nu Metal", "Alternative Rock"],
                "Linkin Park", 40,
            )  # fmt: skip
            quota = {"X-Discogs-Ratelimit": "60", "X-Discogs-Ratelimit-Remaining": "2"}
            return Reply(200, master, quota)
        return Reply(404, shapes.discogs_not_found())

    def _theaudiodb(self, endpoint: str, one: dict) -> Reply:
        if endpoint == "track-mb.php" and one.get("i") == HELLS_BELLS_ID:
            element = load_fixture(
                "theaudiodb/theaudiodb_track_element_Metallica_NothingElseMatters__mediaportal2.json"
            )
            hells = {**element, "idTrack": "999", "strTrack": "Hells Bells", "strArtist": "AC/DC",
                     "strGenre": "Hard Rock"}  # fmt: skip
            return Reply(200, shapes.tadb_list("track", [hells]))
        if endpoint in ("artist-mb.php", "search.php") and (
            one.get("i") == LINKIN_PARK_ID or one.get("s") == "Linkin Park"
        ):
            artist = shapes.tadb_artist(
                111, "Linkin Park", ("Rock", "Rock/Pop", "Angry"), LINKIN_PARK_ID
            )
            return Reply(200, shapes.tadb_list("artist", [artist]))
        if endpoint == "searchalbum.php" and one.get("a") == "Meteora":
            album = shapes.tadb_album(
                222, 111, "Meteora", "Linkin Park", 2003, ("Alternative Rock", "Rock/Pop", ""),
                "rg-meteora", LINKIN_PARK_ID,
            )  # fmt: skip
            return Reply(200, shapes.tadb_list("album", [album]))
        kind = {
            "track-mb.php": "track",
            "searchtrack.php": "track",
            "album-mb.php": "album",
            "searchalbum.php": "album",
        }.get(endpoint, "artist")
        return Reply(200, shapes.tadb_list(kind, None))
