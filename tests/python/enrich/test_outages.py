"""Enrichment against services that are down: loopback ports that refuse connections and a
server that accepts and never answers. Outages are never answers: nothing about them is cached
or landed, the run ends after at most `ENRICH_BREAKER_FAILURES` attempts per source with a
non-zero exit, and once the services are back the landing tables equal a clean run's."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.enrich.run import EnrichReport, enrich
from fetchers.enrich.settings import EnrichSettings
from fetchers.warehouse import open_landing
from tools.fake_services.server import HangingServer, RefusedPort

from .enrich_fakes import Services
from .test_end_to_end import TABLES, SleepRecorder, build_warehouse, runtime, snapshot

THRESHOLD = 3
SOURCES_ALL = ("musicbrainz", "lastfm", "discogs", "theaudiodb")
OUTAGE_SETTINGS = {
    "ENRICH_CONNECT_TIMEOUT": "0.2",
    "ENRICH_READ_TIMEOUT": "0.2",
    "ENRICH_BREAKER_FAILURES": str(THRESHOLD),
}


def dead_env(services: Services, tmp: Path, name: str, **bases: str) -> dict[str, str]:
    """Credentials of `services`, with the given `*_BASE_URL`s pointing at dead ports."""
    return services.env(
        DUCKDB_PATH=str(tmp / f"{name}.duckdb"),
        ENRICH_CACHE_PATH=str(tmp / f"{name}-cache.sqlite"),
        **OUTAGE_SETTINGS,
        **bases,
    )


def cached_keys(path: Path) -> list[str]:
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("select key from responses")]


def landed(path: Path) -> dict[str, int]:
    with open_landing(path) as connection:
        return {
            table: connection.execute(f"select count(*) from landing.{table}").fetchone()[0]
            for table in TABLES
        }


def run_with_notices(settings: EnrichSettings) -> tuple[EnrichReport, list[str]]:
    notices: list[str] = []
    report = enrich(settings, runtime=runtime(SleepRecorder()), notice=notices.append)
    return report, notices


def clean_snapshot(services: Services, tmp: Path) -> dict[str, list[tuple]]:
    """The landing tables of an undisturbed run against `services`."""
    build_warehouse(tmp / "clean.duckdb")
    env = services.env(
        DUCKDB_PATH=str(tmp / "clean.duckdb"), ENRICH_CACHE_PATH=str(tmp / "clean-cache.sqlite")
    )
    report = enrich(EnrichSettings.from_env(env), runtime=runtime(SleepRecorder()))
    assert not report.left_for_later and not report.down
    return snapshot(tmp / "clean.duckdb")


def recover_like_a_clean_run(services: Services, env: dict[str, str], tmp: Path) -> EnrichReport:
    """Enrich again with every service back; the landing tables must equal a clean run's."""
    back = EnrichSettings.from_env(
        services.env(DUCKDB_PATH=env["DUCKDB_PATH"], ENRICH_CACHE_PATH=env["ENRICH_CACHE_PATH"])
    )
    recovered = enrich(back, runtime=runtime(SleepRecorder()))
    assert snapshot(back.duckdb_path) == clean_snapshot(services, tmp)
    return recovered


def test_every_source_down_ends_at_the_breaker_and_records_nothing(tmp_path):
    build_warehouse(tmp_path / "down.duckdb")
    with Services() as services, RefusedPort() as refused, HangingServer() as hung:
        env = dead_env(
            services,
            tmp_path,
            "down",
            MUSICBRAINZ_BASE_URL=f"{refused.base}/mb",
            LASTFM_BASE_URL=f"{refused.base}/lastfm/",
            DISCOGS_BASE_URL=f"{hung.base}/discogs",
            THEAUDIODB_BASE_URL=f"{hung.base}/tadb",
        )
        settings = EnrichSettings.from_env(env)
        report, notices = run_with_notices(settings)

        # at most THRESHOLD attempts per source, then it is out of the run, named once
        assert {s: r.requests <= THRESHOLD for s, r in report.sources.items()} == dict.fromkeys(
            report.sources, True
        )
        assert len(hung.requests_to("/discogs")) == report.sources["discogs"].requests
        assert set(report.down) == {"musicbrainz", "lastfm", "discogs"}
        for source in ("musicbrainz", "lastfm", "discogs"):
            lines = [n for n in notices if n.startswith(f"{source} taken out of this run")]
            assert len(lines) == 1, notices
        assert "ConnectError" in report.down["musicbrainz"]
        assert "Timeout" in report.down["discogs"]
        # TheAudioDB waits for MusicBrainz's identities: not asked at all
        assert report.sources["theaudiodb"].requests == 0 and not hung.requests_to("/tadb")
        assert report.left_for_later == dict.fromkeys(SOURCES_ALL, 4)
        assert landed(settings.duckdb_path) == dict.fromkeys(TABLES, 0)
        assert cached_keys(settings.cache_path) == []

        # the command: one line per source taken out, a summary, a non-zero exit
        result = CliRunner().invoke(cli, ["enrich"], env={**os.environ, **env})
        assert result.exit_code == 1, result.output
        for source in ("musicbrainz", "lastfm", "discogs"):
            assert result.output.count(f"{source} taken out of this run") == 1
        assert "Not fetched this run: musicbrainz 4 track(s) (taken out of the run)" in (
            result.output
        )
        assert "theaudiodb 4 track(s)" in result.output and "again" in result.output
        assert "Traceback" not in result.output
        assert landed(settings.duckdb_path) == dict.fromkeys(TABLES, 0)
        assert cached_keys(settings.cache_path) == []

        # the services are back: everything is fetched, as in a run that never saw the outage
        recovered = recover_like_a_clean_run(services, env, tmp_path)
        assert not recovered.left_for_later and not recovered.down


def test_partial_outage_lands_only_answers_and_the_rest_follows_later(tmp_path):
    build_warehouse(tmp_path / "part.duckdb")
    with Services() as services, RefusedPort() as refused, HangingServer() as hung:
        env = dead_env(
            services,
            tmp_path,
            "part",
            MUSICBRAINZ_BASE_URL=f"{hung.base}/mb",
            DISCOGS_BASE_URL=f"{refused.base}/discogs",
        )
        settings = EnrichSettings.from_env(env)
        report, notices = run_with_notices(settings)
        assert set(report.down) == {"musicbrainz", "discogs"}
        assert len(hung.requests_to("/mb")) <= THRESHOLD
        assert report.sources["discogs"].requests <= THRESHOLD
        assert len(notices) == 2
        # Last.fm answered and landed; TheAudioDB waited for MusicBrainz
        assert report.left_for_later == {"musicbrainz": 4, "discogs": 4, "theaudiodb": 4}
        assert not services.hits_of("tadb") and services.hits_of("lastfm")
        with open_landing(settings.duckdb_path) as connection:
            by_source = dict(
                connection.execute(
                    "select source, count(*) from landing.entity_fetches group by source"
                ).fetchall()
            )
            assert set(by_source) == {"lastfm"}
            for table in ("track_matches", "album_matches", "album_tracks"):
                assert (
                    connection.execute(f"select count(*) from landing.{table}").fetchone()[0] == 0
                )
        keys = cached_keys(settings.cache_path)
        assert keys and all(key.startswith("lastfm ") for key in keys)

        recovered = recover_like_a_clean_run(services, env, tmp_path)
        assert not recovered.left_for_later and not recovered.down
        assert recovered.sources["lastfm"].subjects == 0  # landed during the outage


def test_offline_with_nothing_cached_says_so_and_fails(tmp_path, monkeypatch):
    build_warehouse(tmp_path / "wh.duckdb")
    monkeypatch.setenv("DUCKDB_PATH", str(tmp_path / "wh.duckdb"))
    monkeypatch.setenv("ENRICH_CACHE_PATH", str(tmp_path / "empty.sqlite"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["enrich", "--offline"])
    assert result.exit_code == 1, result.output
    assert "holds no answer for these tracks" in result.output
    assert "without --offline" in result.output and "ENRICH_CACHE_PATH" in result.output
    assert landed(tmp_path / "wh.duckdb") == dict.fromkeys(TABLES, 0)


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(tmp_path):
    build_warehouse(tmp_path / "int.duckdb")
    with Services() as services, HangingServer() as hung:
        env = {
            **services.env(
                DUCKDB_PATH=str(tmp_path / "int.duckdb"),
                ENRICH_CACHE_PATH=str(tmp_path / "int-cache.sqlite"),
                MUSICBRAINZ_BASE_URL=f"{hung.base}/mb",
                ENRICH_READ_TIMEOUT="60",
            ),
            "PATH": os.environ.get("PATH", ""),
        }
        child = subprocess.Popen(
            [sys.executable, "-m", "fetchers", "enrich", "--source", "musicbrainz"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while not hung.requests_to("/mb") and time.monotonic() < deadline:
                time.sleep(0.05)  # the request is in flight: MusicBrainz hangs on it
            assert hung.requests_to("/mb"), "the child never sent its first request"
            child.send_signal(signal.SIGINT)
            out, err = child.communicate(timeout=60)
        finally:
            child.kill()
    assert child.returncode == 130, (out, err)
    assert "Interrupted: 0 batch(es) of 0 track(s) were written" in err
    assert "again to resume" in err and "Traceback" not in err + out
    assert landed(tmp_path / "int.duckdb") == dict.fromkeys(TABLES, 0)


def test_a_track_whose_lookup_failed_gets_no_partial_rows(tmp_path):
    """MusicBrainz answers the searches but its artist lookups keep failing (HTTP 503, retries
    exhausted): the tracks that needed them get no match and no link, only the answered fetches;
    once the lookups answer, the landing tables equal a clean run's."""
    build_warehouse(tmp_path / "flaky.duckdb")
    with Services(faults={"mb_artist_503": 1000}) as services:
        env = services.env(
            DUCKDB_PATH=str(tmp_path / "flaky.duckdb"),
            ENRICH_CACHE_PATH=str(tmp_path / "flaky-cache.sqlite"),
        )
        settings = EnrichSettings.from_env(env)
        report = enrich(settings, sources=["musicbrainz"], runtime=runtime(SleepRecorder()))
        assert report.sources["musicbrainz"].failures > 0 and not report.down  # answers, not down
        left = report.left_for_later["musicbrainz"]
        with open_landing(settings.duckdb_path) as connection:
            matched = connection.execute("select count(*) from landing.track_matches").fetchone()
            hells = connection.execute(
                "select count(*) from landing.entity_links "
                "where spotify_track_uri = 'spotify:track:HELLS'"
            ).fetchone()
        assert left > 0 and matched == (4 - left,) and hells == (0,)

        services.faults.counts["mb_artist_503"] = 0  # the service recovers
        recovered = enrich(settings, sources=["musicbrainz"], runtime=runtime(SleepRecorder()))
        assert not recovered.left_for_later
        build_warehouse(tmp_path / "steady.duckdb")
        steady = EnrichSettings.from_env(
            services.env(
                DUCKDB_PATH=str(tmp_path / "steady.duckdb"),
                ENRICH_CACHE_PATH=str(tmp_path / "steady-cache.sqlite"),
            )
        )
        enrich(steady, sources=["musicbrainz"], runtime=runtime(SleepRecorder()))
        assert snapshot(settings.duckdb_path) == snapshot(steady.duckdb_path)
