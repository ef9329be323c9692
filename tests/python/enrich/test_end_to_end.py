"""enrich against a local server emulating the four services, with injected faults."""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from fetchers.enrich.retry import RetryPolicy
from fetchers.enrich.run import EnrichReport, Runtime, enrich
from fetchers.enrich.settings import EnrichSettings
from fetchers.enrich.subjects import refresh_subjects
from fetchers.warehouse import open_landing

from .enrich_fakes import (
    ACDC_ID,
    AWESOME,
    AWESOME_ID,
    AWESOME_SCORE_ID,
    AWESOME_TRACKS,
    AWESOME_VINYL_ID,
    AWESOME_VOL2_ID,
    BLUE_SWEDE_ID,
    GREENBAUM_ID,
    HELLS_BELLS_ID,
    HITS_A_ID,
    HITS_B_ID,
    HOOKED_ID,
    SKY_ID,
    SOMEWHERE_ID,
    VARIOUS_ID,
    Services,
)

SECRETS = ("SECRETLASTFMKEY", "SECRETDISCOGSTOKEN", "SECRETTADBKEY")
TABLES = (
    "track_matches",
    "album_matches",
    "album_tracks",
    "entity_links",
    "entity_fetches",
    "tag_evidence",
)
NATURAL_KEYS = {
    "track_matches": "coalesce(spotify_track_uri, artist_name || '|' || track_name)",
    "album_matches": "artist_name, album_name",
    "album_tracks": "artist_name, album_name, release_id, disc_number, track_position",
    "entity_links": "coalesce(spotify_track_uri, artist_name || '|' || track_name), source, "
    "entity_type, entity_id",
    "entity_fetches": "source, entity_type, entity_id",
    "tag_evidence": "source, entity_type, entity_id, tag_kind, tag_raw",
}


def _copy_of(template: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    wal = template.with_name(template.name + ".wal")
    if wal.exists():  # not checkpointed yet: the copy needs its write-ahead log too
        shutil.copyfile(wal, path.with_name(path.name + ".wal"))


@functools.cache
def _built(plays: tuple[tuple[str, str, str, str], ...] | None) -> Path:
    """A warehouse with these plays (None: build_warehouse's) whose dbt tracks are current.

    Enrich reads its subjects from dbt (int_tracks_from_plays) and runs dbt first when plays
    were loaded since: built once per set of plays and copied into each test, so that the
    tests pay for that dbt run once, not once each."""
    path = Path(tempfile.mkdtemp(prefix="enrich-template-")) / "wh.duckdb"
    if plays is None:
        _land_sample(path)
    else:
        _land_plays(path, list(plays))
    refresh_subjects(path)
    return path


def insert_plays(path: Path, plays: list[tuple[str, str, str, str]]) -> None:
    _copy_of(_built(tuple(plays)), path)


def build_warehouse(path: Path) -> None:
    _copy_of(_built(None), path)


def _land_plays(path: Path, plays: list[tuple[str, str, str, str]]) -> None:
    loaded = datetime(2024, 1, 1, tzinfo=timezone.utc)
    with open_landing(path) as connection:
        for number, (uri, artist, track, album) in enumerate(plays):
            connection.execute(
                "insert into landing.streaming_history (play_key, username, ts, ms_played, "
                "master_metadata_track_name, master_metadata_album_artist_name, "
                "master_metadata_album_album_name, spotify_track_uri, file_sha256, loaded_at) "
                "values (?, 'u', ?, 200000, ?, ?, ?, ?, 'f', ?)",
                [f"c{number}", datetime(2024, 2, 1, number, tzinfo=timezone.utc), track, artist,
                 album, uri, loaded],
            )  # fmt: skip


def _land_sample(path: Path) -> None:
    loaded = datetime(2024, 1, 1, tzinfo=timezone.utc)
    plays = [
        ("spotify:track:SOMEWHERE", "Linkin Park", "Somewhere I Belong", "Meteora"),
        ("spotify:track:SOMEWHERE", "Linkin Park", "Somewhere I Belong", "Meteora"),
        ("spotify:track:HELLS", "AC/DC", "Hells Bells", "Back In Black"),
        ("spotify:track:NUMB", "Linkin Park", "Numb", "Meteora"),
    ]
    with open_landing(path) as connection:
        for number, (uri, artist, track, album) in enumerate(plays):
            connection.execute(
                "insert into landing.streaming_history (play_key, username, ts, ms_played, "
                "master_metadata_track_name, master_metadata_album_artist_name, "
                "master_metadata_album_album_name, spotify_track_uri, file_sha256, loaded_at) "
                "values (?, 'u', ?, 200000, ?, ?, ?, ?, 'f', ?)",
                [
                    f"p{number}",
                    datetime(2024, 1, 1, number, tzinfo=timezone.utc),
                    track,
                    artist,
                    album,
                    uri,
                    loaded,
                ],
            )
        # a podcast episode: never a subject
        connection.execute(
            "insert into landing.streaming_history (play_key, username, ts, ms_played, "
            "episode_name, episode_show_name, spotify_episode_uri, file_sha256, loaded_at) "
            "values ('pod', 'u', ?, 100000, 'Ep', 'Show', 'spotify:episode:x', 'f', ?)",
            [loaded, loaded],
        )
        for number, (artist, track, podcast) in enumerate(
            [("Nirvana", "Lithium", None), ("linkin park", "Numb ", None), (None, None, "Pod")]
        ):
            connection.execute(
                "insert into landing.account_history (play_key, username, end_time, artist_name,"
                " track_name, podcast_name, ms_played, file_sha256, loaded_at) "
                "values (?, 'u', ?, ?, ?, ?, 1000, 'g', ?)",
                [f"a{number}", loaded, artist, track, podcast, loaded],
            )


class SleepRecorder:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


def runtime(sleep: SleepRecorder) -> Runtime:
    return Runtime(sleep=sleep, jitter=lambda: 0.5, policy=RetryPolicy(max_attempts=4))


RATES = {"mb": 8, "lastfm": 10, "discogs": 8, "tadb": 5}  # requests/s in the rate-limit test


def settings_for(
    services: Services, tmp: Path, name: str, batch_size: int = 2, *, slow: bool = False
) -> EnrichSettings:
    rates = (
        {
            "MUSICBRAINZ_RATE_LIMIT": str(RATES["mb"]),
            "LASTFM_RATE_LIMIT": str(RATES["lastfm"]),
            "DISCOGS_RATE_LIMIT": str(RATES["discogs"]),
            "THEAUDIODB_RATE_LIMIT": str(RATES["tadb"]),
        }
        if slow
        else {}
    )
    env = services.env(
        DUCKDB_PATH=str(tmp / f"{name}.duckdb"),
        ENRICH_CACHE_PATH=str(tmp / f"{name}-cache.sqlite"),
        **rates,
    )
    settings = EnrichSettings.from_env(env)
    return dataclasses.replace(settings, batch_size=batch_size)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every landing enrichment row without its fetched_at, sorted."""
    with open_landing(path) as connection:
        out = {}
        for table in TABLES:
            columns = [
                row[0]
                for row in connection.execute(
                    "select column_name from information_schema.columns where table_schema = "
                    "'landing' and table_name = ? and column_name <> 'fetched_at' "
                    "order by ordinal_position",
                    [table],
                ).fetchall()
            ]
            rows = connection.execute(
                f"select {', '.join(columns)} from landing.{table}"
            ).fetchall()
            out[table] = sorted(rows, key=repr)
        return out


def duplicates(path: Path) -> dict[str, int]:
    with open_landing(path) as connection:
        return {
            table: connection.execute(
                f"select count(*) - count(distinct ({key})) from landing.{table}"
            ).fetchone()[0]
            for table, key in NATURAL_KEYS.items()
        }


@pytest.fixture
def services():
    with Services(
        faults={
            "mb_release_search_503": 1,
            "mb_recording_search_429": 1,
            "lastfm_timeout": 1,
            "lastfm_malformed": 1,
        }
    ) as running:
        yield running


def test_full_run_resolves_collects_and_is_idempotent(services, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    build_warehouse(tmp_path / "wh.duckdb")
    settings = settings_for(services, tmp_path, "wh", slow=True)
    sleep = SleepRecorder()
    report = enrich(settings, runtime=runtime(sleep))

    assert report.tracks == 4  # 3 URIs + Nirvana; "linkin park/Numb " is covered by its URI
    assert report.methods == {"album_tracklist": 1, "search": 1, "spotify_url": 1, "unresolved": 1}
    with open_landing(settings.duckdb_path) as connection:
        matches = dict(
            (row[0] or row[1], row[2:])
            for row in connection.execute(
                "select spotify_track_uri, track_name, musicbrainz_recording_id, match_method, "
                "candidates from landing.track_matches"
            ).fetchall()
        )
        assert matches["spotify:track:SOMEWHERE"][:2] == (SOMEWHERE_ID, "spotify_url")
        assert matches["spotify:track:HELLS"][:2] == (HELLS_BELLS_ID, "search")
        assert matches["spotify:track:NUMB"][1] == "album_tracklist"
        assert matches["Lithium"][:2] == (None, "unresolved")
        assert '"lith-us"' in matches["Lithium"][2] and '"lith-uk"' in matches["Lithium"][2]
        assert (
            connection.execute(
                "select count(*) from landing.album_tracks where album_name = 'Meteora'"
            ).fetchone()[0]
            == 13
        )
        albums = dict(
            connection.execute(
                "select album_name, match_method from landing.album_matches"
            ).fetchall()
        )
        assert albums == {"Meteora": "search", "Back In Black": "unresolved"}
        by_source = dict(
            connection.execute(
                "select source, count(*) from landing.tag_evidence group by source"
            ).fetchall()
        )
        assert set(by_source) == {"musicbrainz", "lastfm", "discogs", "theaudiodb"}
        links = connection.execute(
            "select source, entity_type, entity_id from landing.entity_links "
            "where spotify_track_uri = 'spotify:track:HELLS' order by all"
        ).fetchall()
        assert ("musicbrainz", "recording", HELLS_BELLS_ID) in links
        assert ("lastfm", "track", "ac/dc\thells bells") in links
        assert ("theaudiodb", "track", "999") in links
        not_found = connection.execute(
            "select count(*) from landing.entity_fetches where status = 'not_found'"
        ).fetchone()[0]
        assert not_found > 0  # Last.fm error 6 (HTTP 200) recorded as not found
        weights = connection.execute(
            "select min(raw_weight), max(raw_weight) from landing.tag_evidence"
        ).fetchone()
        assert 0 < weights[0] <= weights[1] <= 1

    # faults: 503 and 429 (Retry-After: 1) on MusicBrainz, a timeout and a malformed body on
    # Last.fm, Discogs' remaining-requests header: all retried or respected, none lost
    assert report.sources["musicbrainz"].retries == 2
    assert report.sources["lastfm"].retries == 2
    assert report.sources["discogs"].throttle_pauses >= 1
    assert 1.0 in sleep.waits
    assert all(s.failures == 0 and s.incomplete == 0 for s in report.sources.values())
    assert duplicates(settings.duckdb_path) == dict.fromkeys(NATURAL_KEYS, 0)

    # the rate limit held: requests to each service at least 1/rate apart (less a tolerance)
    for service, rate in RATES.items():
        # (a request leaves when the limiter allows it; its arrival may lag by a few ms, but
        # lags never add up: k requests on are always at least k / rate later, less one lag)
        times = sorted(h.at for h in services.hits_of(service))
        assert len(times) >= 3
        for k in range(1, len(times)):
            closest = min(b - a for a, b in zip(times, times[k:], strict=False))
            assert closest >= k / rate - 0.07, (service, k, closest)

    # Discogs token went as a header, never into landing, the cache or the logs
    assert all(
        h.headers.get("Authorization") == "Discogs token=SECRETDISCOGSTOKEN"
        for h in services.hits_of("discogs")
    )
    assert all(h.path.startswith("/SECRETTADBKEY/") for h in services.hits_of("tadb"))
    assert all(
        h.headers["User-Agent"].endswith("( tests@example.org )") for h in services.hits_of("mb")
    )
    dump = repr(snapshot(settings.duckdb_path))
    cache_bytes = b"".join(  # the SQLite file and its WAL
        path.read_bytes()
        for path in settings.cache_path.parent.glob(f"{settings.cache_path.name}*")
    )
    logs = caplog.text
    assert "HTTP Request" in logs  # httpx logged the requests, redacted
    for secret in SECRETS:
        assert secret not in dump
        assert secret.encode() not in cache_bytes
        assert secret not in logs

    # a warm re-run: nothing to do, zero requests, nothing added
    before_hits = len(services.hits)
    before = snapshot(settings.duckdb_path)
    again = enrich(settings, runtime=runtime(SleepRecorder()))
    assert len(services.hits) == before_hits
    assert sum(s.requests for s in again.sources.values()) == 0
    assert snapshot(settings.duckdb_path) == before

    # --refresh with the same answers from the cache-less network appends a new fetch generation
    # but --offline --refresh re-reads the cache: still zero requests
    refreshed = enrich(settings, refresh=True, offline=True, runtime=runtime(SleepRecorder()))
    assert len(services.hits) == before_hits
    assert refreshed.methods == report.methods


def test_interrupted_run_resumes_without_duplicates(services, tmp_path):
    build_warehouse(tmp_path / "clean.duckdb")
    build_warehouse(tmp_path / "cut.duckdb")
    clean = settings_for(services, tmp_path, "clean", batch_size=1)
    enrich(clean, runtime=runtime(SleepRecorder()))

    cut = settings_for(services, tmp_path, "cut", batch_size=1)

    def crash_after_two(batches: int) -> None:
        if batches == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        enrich(cut, runtime=runtime(SleepRecorder()), after_batch=crash_after_two)
    partial = snapshot(cut.duckdb_path)
    assert 0 < len(partial["track_matches"]) < 4
    resumed = enrich(cut, runtime=runtime(SleepRecorder()))
    assert resumed.sources["musicbrainz"].subjects == 4 - len(partial["track_matches"])
    assert duplicates(cut.duckdb_path) == dict.fromkeys(NATURAL_KEYS, 0)

    def identity(snap: dict[str, list[tuple]]) -> dict[str, set[tuple]]:
        # request_url holds the test server's port of each run: compare without it
        return {
            table: {tuple(v for v in row if not str(v).startswith("http://127")) for row in rows}
            for table, rows in snap.items()
        }

    assert identity(snapshot(cut.duckdb_path)) == identity(snapshot(clean.duckdb_path))


def test_offline_answers_from_the_cache_only(services, tmp_path):
    build_warehouse(tmp_path / "online.duckdb")
    online = settings_for(services, tmp_path, "online")
    first: EnrichReport = enrich(online, runtime=runtime(SleepRecorder()))
    hits = len(services.hits)

    build_warehouse(tmp_path / "offline.duckdb")
    offline = dataclasses.replace(
        EnrichSettings.from_env(
            {
                "DUCKDB_PATH": str(tmp_path / "offline.duckdb"),
                "ENRICH_CACHE_PATH": str(online.cache_path),
            },
            offline=True,
        ),
        batch_size=2,
    )
    second = enrich(offline, offline=True, runtime=runtime(SleepRecorder()))
    assert len(services.hits) == hits
    assert second.methods == first.methods
    assert all(s.cache_misses == 0 for s in second.sources.values())

    # an empty cache offline: every lookup is a recorded miss, no request, no guessed rows
    build_warehouse(tmp_path / "empty.duckdb")
    empty = EnrichSettings.from_env(
        {
            "DUCKDB_PATH": str(tmp_path / "empty.duckdb"),
            "ENRICH_CACHE_PATH": str(tmp_path / "empty-cache.sqlite"),
        },
        offline=True,
    )
    third = enrich(empty, offline=True, runtime=runtime(SleepRecorder()))
    assert len(services.hits) == hits
    assert third.sources["musicbrainz"].cache_misses > 0
    assert third.sources["musicbrainz"].incomplete == 4
    with open_landing(empty.duckdb_path) as connection:
        assert connection.execute("select count(*) from landing.track_matches").fetchone()[0] == 0


def test_refused_credentials_stop_the_source_without_negative_rows(services, tmp_path):
    from fetchers.enrich.run import EnrichError

    build_warehouse(tmp_path / "bad.duckdb")
    env = services.env(
        DUCKDB_PATH=str(tmp_path / "bad.duckdb"),
        ENRICH_CACHE_PATH=str(tmp_path / "bad-cache.sqlite"),
        LASTFM_API_KEY="BADKEY",
    )
    with pytest.raises(EnrichError, match="LASTFM_API_KEY") as raised:
        enrich(EnrichSettings.from_env(env), sources=["lastfm"], runtime=runtime(SleepRecorder()))
    assert "BADKEY" not in str(raised.value)
    assert len(services.hits_of("lastfm")) == 1  # no retry, no further request
    with open_landing(tmp_path / "bad.duckdb") as connection:
        assert connection.execute("select count(*) from landing.entity_fetches").fetchone()[0] == 0


def test_refresh_records_a_fetch_that_found_no_tags(services, tmp_path):
    build_warehouse(tmp_path / "r.duckdb")
    settings = settings_for(services, tmp_path, "r")
    enrich(settings, sources=["musicbrainz"], runtime=runtime(SleepRecorder()))
    services.faults.counts["acdc_untagged"] = 1  # the artist lost its tags since
    before = len(services.hits_of("mb"))
    enrich(settings, sources=["musicbrainz"], refresh=True, runtime=runtime(SleepRecorder()))
    assert len(services.hits_of("mb")) > before  # refresh bypasses the response cache
    with open_landing(settings.duckdb_path) as connection:
        fetches = connection.execute(
            "select status, fetched_at from landing.entity_fetches where entity_type = 'artist' "
            "and entity_id = ? order by fetched_at",
            [ACDC_ID],
        ).fetchall()
        assert [status for status, _ in fetches] == ["ok", "ok"]
        latest = fetches[-1][1]
        tags_now = connection.execute(
            "select count(*) from landing.tag_evidence where entity_id = ? and fetched_at = ?",
            [ACDC_ID, latest],
        ).fetchone()[0]
        tags_before = connection.execute(
            "select count(*) from landing.tag_evidence where entity_id = ? and fetched_at < ?",
            [ACDC_ID, latest],
        ).fetchone()[0]
        assert tags_before == 3 and tags_now == 0
        # the refreshed matches are a second generation, not duplicates within one
        per_fetch = connection.execute(
            "select count(*) from landing.track_matches group by fetched_at, "
            "coalesce(spotify_track_uri, track_name) having count(*) > 1"
        ).fetchall()
        assert per_fetch == []


def test_spotify_gives_isrc_duration_and_artist_genres(services, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    build_warehouse(tmp_path / "s.duckdb")
    env = services.env(
        DUCKDB_PATH=str(tmp_path / "s.duckdb"),
        ENRICH_CACHE_PATH=str(tmp_path / "s-cache.sqlite"),
        SPOTIFY_CLIENT_ID="SPOTIFYID",
        SPOTIFY_CLIENT_SECRET="SECRETSPOTIFYSECRET",
        SPOTIFY_API_BASE_URL=f"{services.base}/spotify",
        SPOTIFY_ACCOUNTS_BASE_URL=f"{services.base}/spotify-accounts",
    )
    settings = EnrichSettings.from_env(env)
    report = enrich(settings, sources=["musicbrainz"], runtime=runtime(SleepRecorder()))
    assert report.methods["isrc"] == 1 and not report.notices
    with open_landing(settings.duckdb_path) as connection:
        row = connection.execute(
            "select musicbrainz_recording_id, isrc, duration_ms, match_method "
            "from landing.track_matches where spotify_track_uri = 'spotify:track:HELLS'"
        ).fetchone()
        assert row == (HELLS_BELLS_ID, "AUAP08000039", 312000, "isrc")
        genres = connection.execute(
            "select tag_raw from landing.tag_evidence where source = 'spotify' order by 1"
        ).fetchall()
        assert genres == [("hard rock",), ("rock",)]
        assert (
            connection.execute(
                "select count(*) from landing.entity_links where source = 'spotify' "
                "and entity_id = 'acdc-sp'"
            ).fetchone()[0]
            == 1
        )
    dump = repr(snapshot(settings.duckdb_path))
    cache = b"".join(p.read_bytes() for p in tmp_path.glob("s-cache.sqlite*"))
    for secret in ("SECRETSPOTIFYTOKEN", "SECRETSPOTIFYSECRET"):
        assert secret not in dump and secret.encode() not in cache and secret not in caplog.text


def test_refused_spotify_credentials_only_turn_spotify_off(services, tmp_path):
    build_warehouse(tmp_path / "n.duckdb")
    env = services.env(
        DUCKDB_PATH=str(tmp_path / "n.duckdb"),
        ENRICH_CACHE_PATH=str(tmp_path / "n-cache.sqlite"),
        SPOTIFY_CLIENT_ID="SPOTIFYID",
        SPOTIFY_CLIENT_SECRET="WRONG",
        SPOTIFY_API_BASE_URL=f"{services.base}/spotify",
        SPOTIFY_ACCOUNTS_BASE_URL=f"{services.base}/spotify-accounts",
    )
    report = enrich(
        EnrichSettings.from_env(env), sources=["musicbrainz"], runtime=runtime(SleepRecorder())
    )
    assert any("SPOTIFY_CLIENT_ID" in notice for notice in report.notices)
    assert report.methods == {"album_tracklist": 1, "search": 1, "spotify_url": 1,
                              "unresolved": 1}  # fmt: skip


def test_compilation_split_by_track_artist_resolves_to_one_release(tmp_path):
    """The exports split a compilation by track artist; both export albums find the same
    release by its title and track list, with one title search and one release lookup."""
    insert_plays(
        tmp_path / "comp.duckdb",
        [
            ("spotify:track:HOOKED", "Blue Swede", "Hooked on a Feeling", AWESOME),
            ("spotify:track:HOOKED", "Blue Swede", "Hooked on a Feeling", AWESOME),
            ("spotify:track:SKY", "Norman Greenbaum", "Spirit in the Sky", AWESOME),
            # by an artist of the compilation, but a title not on it: never a guess
            ("spotify:track:WITCH", "Redbone", "The Witch Queen of New Orleans", AWESOME),
            # two compilations of this title both hold the track: ambiguous
            ("spotify:track:SKY70", "Norman Greenbaum", "Spirit in the Sky", "Hits of the 70s"),
        ],
    )
    with Services() as services:
        settings = settings_for(services, tmp_path, "comp", batch_size=2)
        report = enrich(settings, sources=["musicbrainz"], runtime=runtime(SleepRecorder()))
        mb = services.hits_of("mb")
        again = enrich(settings, sources=["musicbrainz"], runtime=runtime(SleepRecorder()))
        assert again.sources["musicbrainz"].requests == 0

    assert report.sources["musicbrainz"].incomplete == 0
    lookups = [h.path for h in mb if h.path.startswith("/release/")]
    assert sorted(lookups) == sorted(
        [f"/release/{AWESOME_ID}", f"/release/{HITS_A_ID}", f"/release/{HITS_B_ID}"]
    )  # once per release; never the other edition, volume 2 or the score
    for other in (AWESOME_VINYL_ID, AWESOME_VOL2_ID, AWESOME_SCORE_ID):
        assert f"/release/{other}" not in lookups
    title_searches = [
        h.query["query"][0]
        for h in mb
        if h.path == "/release" and "primarytype:album" in h.query["query"][0]
    ]
    assert len(title_searches) == 2  # one per album title, shared by its export albums
    assert all(" AND artist:" not in q for q in title_searches)
    assert any(
        'release:"Guardians of the Galaxy\\: Awesome Mix Vol. 1"' in q for q in title_searches
    )

    with open_landing(settings.duckdb_path) as connection:
        albums = {
            (artist, album): rest
            for artist, album, *rest in connection.execute(
                "select artist_name, album_name, musicbrainz_release_id, match_method, "
                "release_artist_name, candidates from landing.album_matches"
            ).fetchall()
        }
        assert albums[("Blue Swede", AWESOME)][:3] == [
            AWESOME_ID,
            "title_search",
            "Various Artists",
        ]
        assert albums[("Norman Greenbaum", AWESOME)][:3] == [
            AWESOME_ID, "title_search", "Various Artists"
        ]  # fmt: skip
        assert albums[("Redbone", AWESOME)][:2] == [None, "unresolved"]
        hits = albums[("Norman Greenbaum", "Hits of the 70s")]
        assert hits[:2] == [None, "unresolved"]
        assert HITS_A_ID in hits[3] and HITS_B_ID in hits[3]  # both kept as candidates
        # the full track list, once per export album (dbt keeps one per album and position)
        lists = connection.execute(
            "select artist_name, release_id, count(*) from landing.album_tracks "
            "group by all order by all"
        ).fetchall()
        assert lists == [
            ("Blue Swede", AWESOME_ID, len(AWESOME_TRACKS)),
            ("Norman Greenbaum", AWESOME_ID, len(AWESOME_TRACKS)),
        ]
        tracks = dict(
            (uri, rest)
            for uri, *rest in connection.execute(
                "select spotify_track_uri, musicbrainz_recording_id, match_method "
                "from landing.track_matches"
            ).fetchall()
        )
        assert tracks["spotify:track:HOOKED"] == [HOOKED_ID, "album_tracklist"]
        assert tracks["spotify:track:SKY"] == [SKY_ID, "album_tracklist"]
        assert tracks["spotify:track:WITCH"] == [None, "unresolved"]
        assert tracks["spotify:track:SKY70"] == [None, "unresolved"]
        links = connection.execute(
            "select spotify_track_uri, entity_type, entity_id from landing.entity_links "
            "where source = 'musicbrainz' order by all"
        ).fetchall()
        assert ("spotify:track:HOOKED", "release", AWESOME_ID) in links
        assert ("spotify:track:SKY", "release", AWESOME_ID) in links
        assert ("spotify:track:HOOKED", "artist", BLUE_SWEDE_ID) in links
        assert ("spotify:track:SKY", "artist", GREENBAUM_ID) in links
        assert all(entity_id != VARIOUS_ID for *_, entity_id in links)  # no one's artist
        # the lookup's evidence recorded once; nothing from the releases not matched
        fetched = connection.execute(
            "select entity_type, entity_id, count(*) from landing.entity_fetches "
            "where entity_type in ('release', 'release_group') group by all order by all"
        ).fetchall()
        assert fetched == [("release", AWESOME_ID, 1), ("release_group", "rg-awesome", 1)]
