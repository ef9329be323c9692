"""The click command: clear messages, non-zero exits, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from fetchers.cli import cli


def test_locked_warehouse_is_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "wh.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
            " time.sleep(30)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        monkeypatch.setenv("DUCKDB_PATH", str(path))
        monkeypatch.setenv("MUSICBRAINZ_CONTACT", "tests@example.org")
        monkeypatch.setenv("ENRICH_CACHE_PATH", str(tmp_path / "cache.sqlite"))
        monkeypatch.chdir(tmp_path)
        result = CliRunner().invoke(cli, ["enrich", "--offline"])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code != 0
    assert "in use by another process" in result.output
    assert "Traceback" not in result.output


def test_no_runnable_source_is_explained(tmp_path, monkeypatch):
    for name in ("MUSICBRAINZ_CONTACT", "LASTFM_API_KEY", "DISCOGS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DUCKDB_PATH", str(tmp_path / "wh.duckdb"))
    monkeypatch.chdir(tmp_path)
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["enrich", "--source", "musicbrainz"])
    assert result.exit_code != 0
    assert "MUSICBRAINZ_CONTACT" in result.output
    assert time.monotonic() - start < 10


def test_cli_runs_against_local_services_and_prints_a_summary(tmp_path, monkeypatch):
    from .enrich_fakes import Services
    from .test_end_to_end import build_warehouse

    build_warehouse(tmp_path / "wh.duckdb")
    with Services() as services:
        env = services.env(
            DUCKDB_PATH=str(tmp_path / "wh.duckdb"),
            ENRICH_CACHE_PATH=str(tmp_path / "cache.sqlite"),
        )
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("DISCOGS_TOKEN")
        monkeypatch.chdir(tmp_path)
        result = CliRunner().invoke(cli, ["enrich", "--limit", "3"])
    assert result.exit_code == 0, result.output
    assert "Discogs skipped: set DISCOGS_TOKEN" in result.output
    assert "3 distinct tracks played" in result.output
    assert "musicbrainz" in result.output and "theaudiodb" in result.output
    assert "SECRET" not in result.output
    print(result.output)


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_missing_musicbrainz_contact_is_asked_for_on_a_terminal(monkeypatch):
    from fetchers.enrich import command

    monkeypatch.delenv("MUSICBRAINZ_CONTACT", raising=False)
    monkeypatch.setattr(command.click, "get_text_stream", lambda name: _Terminal())
    monkeypatch.setattr(command.click, "prompt", lambda *args, **kwargs: " me@example.org ")
    env = command._environment_with_contact(("musicbrainz",), offline=False)
    assert env["MUSICBRAINZ_CONTACT"] == "me@example.org"
    # not asked when MusicBrainz is not wanted or the run is offline
    monkeypatch.setattr(command.click, "prompt", lambda *a, **k: pytest.fail("asked"))
    assert "MUSICBRAINZ_CONTACT" not in command._environment_with_contact(("lastfm",), False)
    assert "MUSICBRAINZ_CONTACT" not in command._environment_with_contact(("musicbrainz",), True)
