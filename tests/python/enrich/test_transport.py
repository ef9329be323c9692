"""Transport details: Retry-After, what is retried, what is cached, where credentials go."""

from __future__ import annotations

import asyncio
import email.utils
import json
from pathlib import Path

import httpx
import pytest

from fetchers.enrich.cache import JsonlCache, SqliteCache
from fetchers.enrich.errors import FetchError, OfflineMiss
from fetchers.enrich.retry import RetryPolicy, parse_retry_after
from fetchers.enrich.settings import EnrichSettings, ServiceSettings, SettingsError
from fetchers.enrich.transport import Transport


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("7", now=0.0) == 7.0
    date = email.utils.formatdate(1_000_030.0, usegmt=True)
    assert parse_retry_after(date, now=1_000_000.0) == pytest.approx(30.0)
    assert parse_retry_after("soon", now=0.0) is None
    assert parse_retry_after(None, now=0.0) is None


def make_transport(handler, tmp_path: Path, *, offline=False, secret_segment="", params=None):
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    service = ServiceSettings(
        "svc",
        "http://svc.test/api",
        1000.0,
        headers={"Authorization": "Discogs token=TOKEN1"},
        secret_params=params or {},
        secret_path_segment=secret_segment,
    )
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    cache = SqliteCache(tmp_path / "c.sqlite", clock=lambda: 1000.0)
    transport = Transport(
        service,
        client=client,
        cache=cache,
        offline=offline,
        sleep=sleep,
        clock=lambda: 1000.0,
        jitter=lambda: 0.5,
        policy=RetryPolicy(max_attempts=3, retry_after_cap=60.0),
    )
    return transport, waits, client, cache


def run(coro):
    return asyncio.run(coro)


def test_retry_after_is_capped_and_4xx_is_an_answer(tmp_path):
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            return httpx.Response(429, headers={"Retry-After": "3600"})
        return httpx.Response(404, json={"error": "Not Found"})

    transport, waits, _client, _ = make_transport(handler, tmp_path)
    answer = run(transport.get_json("thing/1", [("fmt", "json")]))
    assert answer.status == 404 and not answer.ok
    assert waits == [60.0]  # capped
    assert transport.counters.retries == 1 and transport.counters.requests == 2
    # the 404 is cached (negative): asked again, no request
    again = run(transport.get_json("thing/1", [("fmt", "json")]))
    assert again.from_cache and again.status == 404 and len(calls) == 2


def test_exhausted_retries_raise_and_are_not_cached(tmp_path):
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    transport, waits, _, cache = make_transport(handler, tmp_path)
    with pytest.raises(FetchError):
        run(transport.get_json("x"))
    assert transport.counters.failures == 1 and transport.counters.retries == 2
    assert waits == [0.75, 1.5]  # backoff 1, 2 s x jitter factor 0.75
    assert cache.get(transport.cache_key("x", ())) is None


def test_credentials_stay_out_of_cache_keys_and_urls(tmp_path):
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"ok": True})

    transport, _, _, cache = make_transport(
        handler, tmp_path, secret_segment="PATHKEY", params={"api_key": "QUERYKEY"}
    )
    answer = run(transport.get_json("search.php", [("s", "Madonna")]))
    assert seen == ["http://svc.test/api/PATHKEY/search.php?s=Madonna&api_key=QUERYKEY"]
    assert answer.url == "http://svc.test/api/search.php?s=Madonna"
    key = transport.cache_key("search.php", [("s", "Madonna")])
    assert "KEY" not in key and cache.get(key) is not None
    raw = (tmp_path / "c.sqlite").read_bytes()
    assert b"PATHKEY" not in raw and b"QUERYKEY" not in raw and b"TOKEN1" not in raw


def test_offline_miss_sends_nothing(tmp_path):
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request offline")

    transport, _, _, _ = make_transport(handler, tmp_path, offline=True)
    with pytest.raises(OfflineMiss):
        run(transport.get_json("x"))
    assert transport.counters.cache_misses == 1 and transport.counters.requests == 0


def test_jsonl_cache_reads_shipped_entries(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text(
        json.dumps({"key": "k", "url": "u", "status": 200, "body": {"a": 1}}) + "\n",
        encoding="utf-8",
    )
    cache = JsonlCache(path)
    hit = cache.get("k")
    assert hit is not None and json.loads(hit.body) == {"a": 1} and cache.get("z") is None


def test_musicbrainz_refused_without_contact_and_bad_rates_explained():
    settings = EnrichSettings.from_env({"LASTFM_API_KEY": "k"})
    assert "musicbrainz" not in settings.services
    assert "MUSICBRAINZ_CONTACT" in settings.skipped["musicbrainz"]
    assert "discogs" in settings.skipped and "lastfm" in settings.services
    assert settings.services["theaudiodb"].secret_path_segment == "123"
    contact = EnrichSettings.from_env({"MUSICBRAINZ_CONTACT": "me@example.org"})
    assert contact.services["musicbrainz"].headers["User-Agent"].endswith("( me@example.org )")
    assert contact.services["musicbrainz"].rate_per_second == 1.0
    assert contact.services["lastfm" if "lastfm" in contact.services else "theaudiodb"]
    with pytest.raises(SettingsError, match="MUSICBRAINZ_RATE_LIMIT"):
        EnrichSettings.from_env(
            {"MUSICBRAINZ_RATE_LIMIT": "fast", "MUSICBRAINZ_CONTACT": "me@example.org"}
        )


def test_breaker_takes_the_source_out_after_consecutive_transport_failures(tmp_path):
    from fetchers.enrich.breaker import CircuitBreaker
    from fetchers.enrich.errors import SourceDown

    attempts: list[str] = []
    opened: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(request.url.path)
        if request.url.path.endswith("/ok"):
            return httpx.Response(404, json={})  # an answer: resets the count
        raise httpx.ConnectError("refused", request=request)

    transport, _, _, cache = make_transport(handler, tmp_path)
    transport.breaker = CircuitBreaker(
        "svc", "http://svc.test/api", 3, lambda s, line: opened.append((s, line))
    )
    with pytest.raises(FetchError):  # 3 attempts, then retries exhausted: 2 failures counted
        run(transport.get_json("a"))
    assert len(attempts) == 3 and opened  # the third consecutive failure opened it
    assert opened == [("svc", opened[0][1])] and "ConnectError: refused" in opened[0][1]
    assert opened[0][1].startswith("svc taken out of this run: 3 consecutive transport failures")
    with pytest.raises(SourceDown):
        run(transport.get_json("ok"))
    assert len(attempts) == 3  # nothing sent once out of the run
    assert cache.get(transport.cache_key("a", ())) is None

    # an answer between failures keeps a flaky source in the run
    flaky = CircuitBreaker("svc", "http://svc.test/api", 3)
    assert [flaky.failure("x"), flaky.failure("x")] == [False, False]
    flaky.success()
    assert [flaky.failure("x"), flaky.failure("x"), flaky.failure("x")] == [False, False, True]


def test_retry_after_http_date_and_non_json_bodies_are_retried(tmp_path):
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            date = email.utils.formatdate(1000.0 + 12, usegmt=True)
            return httpx.Response(503, headers={"Retry-After": date})
        if len(calls) == 2:
            return httpx.Response(200, text="<html>busy</html>")
        return httpx.Response(200, json={"ok": True})

    transport, waits, _, _ = make_transport(handler, tmp_path)
    answer = run(transport.get_json("x"))
    assert answer.body == {"ok": True} and len(calls) == 3
    assert waits == [pytest.approx(12.0), 1.5]  # the date's 12 s, then backoff 2 s x 0.75
    assert transport.counters.retries == 2 and transport.counters.failures == 0


def test_spotify_token_is_renewed_once_on_401_and_a_refusal_names_the_settings():
    from fetchers.enrich.auth import SpotifyClientCredentials
    from fetchers.enrich.errors import CredentialError

    tokens = iter(["T1", "T2"])
    seen: list[tuple[str, str]] = []
    refuse_token = False

    def handler(request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("Authorization", "")
        seen.append((request.url.path, auth.split(" ")[0] + " " + auth.split(" ")[-1][:2]))
        if request.url.path == "/api/token":
            if refuse_token:
                return httpx.Response(400, json={"error": "invalid_client"})
            return httpx.Response(200, json={"access_token": next(tokens), "expires_in": 3600})
        if auth == "Bearer T1":
            return httpx.Response(401, json={"error": {"status": 401}})
        return httpx.Response(200, json={"tracks": []})

    auth = SpotifyClientCredentials("id", "secret", "http://accounts.test", clock=lambda: 0.0)

    async def get() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            return await client.get("http://api.test/tracks", auth=auth)

    response = run(get())
    assert response.status_code == 200
    assert [path for path, _ in seen] == ["/api/token", "/tracks", "/api/token", "/tracks"]
    assert seen[0][1].startswith("Basic") and seen[-1][1] == "Bearer T2"
    seen.clear()
    run(get())  # the token is kept while valid
    assert [path for path, _ in seen] == ["/tracks"]

    refuse_token = True
    fresh = SpotifyClientCredentials("id", "bad", "http://accounts.test", clock=lambda: 0.0)
    auth = fresh
    with pytest.raises(CredentialError, match="SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET"):
        run(get())


def test_discogs_pause_and_log_redaction():
    import logging

    from fetchers.enrich.clients.discogs import pause_for
    from fetchers.enrich.redaction import RedactSecrets

    assert pause_for({"X-Discogs-Ratelimit-Remaining": "2", "X-Discogs-Ratelimit": "60"}) == 3.0
    assert pause_for({"X-Discogs-Ratelimit-Remaining": "30"}) == 0.0
    assert pause_for({}) == 0.0 and pause_for({"X-Discogs-Ratelimit-Remaining": "x"}) == 0.0
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        "",
        0,
        'HTTP Request: GET %s "200"',
        ("http://t/KEY1/a?k=KEY2",),
        None,
    )
    assert RedactSecrets(["KEY1", "KEY2", ""]).filter(record)
    assert record.getMessage() == 'HTTP Request: GET http://t/***/a?k=*** "200"'


def test_timeouts_and_breaker_threshold_come_from_the_environment():
    settings = EnrichSettings.from_env(
        {
            "ENRICH_CONNECT_TIMEOUT": "2.5",
            "ENRICH_READ_TIMEOUT": "9",
            "ENRICH_BREAKER_FAILURES": "4",
        }
    )
    assert (settings.connect_timeout, settings.read_timeout, settings.breaker_failures) == (
        2.5,
        9.0,
        4,
    )
    defaults = EnrichSettings.from_env({})
    assert (defaults.connect_timeout, defaults.read_timeout, defaults.breaker_failures) == (
        5,
        15,
        3,
    )
    for variable, value in (
        ("ENRICH_READ_TIMEOUT", "0"),
        ("ENRICH_CONNECT_TIMEOUT", "soon"),
        ("ENRICH_BREAKER_FAILURES", "2.5"),
    ):
        with pytest.raises(SettingsError, match=variable):
            EnrichSettings.from_env({variable: value})


def test_a_source_out_of_the_run_refuses_at_once_without_waiting_for_its_rate_limit(tmp_path):
    """Once the breaker is open, requests fail without a limiter slot: a run whose sources are
    all down ends in seconds even at the published rates (1 request per 1000 s here)."""
    from fetchers.enrich.breaker import CircuitBreaker
    from fetchers.enrich.errors import SourceDown

    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing is sent")

    service = ServiceSettings("svc", "http://svc.test/api", 0.001)
    breaker = CircuitBreaker("svc", service.base_url, 1)
    breaker.failure("ConnectError")

    async def many() -> int:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            transport = Transport(
                service,
                client=client,
                cache=SqliteCache(tmp_path / "c.sqlite", clock=lambda: 0.0),
                breaker=breaker,
            )
            refused = 0
            for number in range(50):
                with pytest.raises(SourceDown):
                    await transport.get_json(f"x/{number}")
                refused += 1
            return refused

    assert run(asyncio.wait_for(many(), timeout=30)) == 50
