"""The one place for shared HTTP concerns: rate limit, retries, user agent, response cache.

Each service gets a `Transport` over one shared `httpx.AsyncClient`:
- a leaky-bucket limiter (aiolimiter) spacing requests at `1 / rate` seconds, retries included;
- retries on timeouts, connection errors, 429 and 5xx, and on a 2xx body that is not JSON:
  `Retry-After` (seconds or an HTTP date) is honoured up to `retry_after_cap`, else exponential
  backoff with jitter; other 4xx are answers;
- Discogs' `X-Discogs-Ratelimit-Remaining`: below `low_remaining` the transport pauses;
- the response cache: 2xx and 404/400 answers are stored under a key without credentials;
  answers that mean "nothing there" expire after the negative TTL; `offline` answers from the
  cache only (a miss raises `OfflineMiss`, no request); `refresh` skips cache reads.
Sleep, clock and jitter are injected so tests are fast and deterministic.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

import httpx
from aiolimiter import AsyncLimiter

from fetchers.enrich.cache import ResponseCache
from fetchers.enrich.settings import ServiceSettings

Params = Sequence[tuple[str, str]]
CACHEABLE_STATUSES = frozenset({400, 404})


class FetchError(RuntimeError):
    """A request that failed after its retries (or could not be answered at all)."""


class OfflineMiss(FetchError):
    """`--offline` and the response cache has no answer for this request."""


class CredentialError(FetchError):
    """The service refused the credentials (HTTP 401/403): no use asking it again this run."""


@dataclass
class Counters:
    requests: int = 0
    cache_hits: int = 0
    cache_misses: int = 0  # offline requests the cache could not answer
    retries: int = 0
    failures: int = 0
    throttle_pauses: int = 0


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # parsed JSON (None when the body was empty or not JSON on a 4xx)
    url: str  # the request without credentials
    from_cache: bool

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    retry_after_cap: float = 120.0
    low_remaining: int = 5  # Discogs: pause when fewer requests remain in its window


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


def _query(params: Params) -> str:
    return urlencode(sorted(params), doseq=False)


class BearerAuth(Protocol):
    """A source of short-lived bearer tokens (Spotify's client-credentials flow)."""

    async def header(self, client: httpx.AsyncClient) -> str: ...

    def invalidate(self) -> None: ...


class Transport:
    def __init__(
        self,
        service: ServiceSettings,
        *,
        client: httpx.AsyncClient,
        cache: ResponseCache,
        offline: bool = False,
        refresh: bool = False,
        policy: RetryPolicy | None = None,
        positive_ttl: float | None = None,
        negative_ttl: float = 30 * 86400.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
        auth: BearerAuth | None = None,
    ) -> None:
        self.service = service
        self._auth = auth
        self.counters = Counters()
        self._client = client
        self._cache = cache
        self._offline = offline
        self._refresh = refresh
        self._policy = policy or RetryPolicy()
        self._positive_ttl = positive_ttl
        self._negative_ttl = negative_ttl
        self._sleep = sleep
        self._clock = clock
        self._jitter = jitter
        self._limiter = AsyncLimiter(1, 1.0 / service.rate_per_second)

    @property
    def name(self) -> str:
        return self.service.name

    def public_url(self, path: str, params: Params) -> str:
        """The request as stored in landing and the cache: no key, token or header."""
        query = _query(params)
        return f"{self.service.base_url}/{path.lstrip('/')}" + (f"?{query}" if query else "")

    def cache_key(self, path: str, params: Params) -> str:
        return f"{self.service.name} GET /{path.lstrip('/')}?{_query(params)}"

    async def get_json(
        self,
        path: str,
        params: Params = (),
        *,
        is_negative: Callable[[Any], bool] | None = None,
        is_transient: Callable[[Any], bool] | None = None,
    ) -> Answer:
        """GET an endpoint (path relative to the base URL) and return its JSON answer.

        `is_negative(body)`: a 2xx body that means "nothing there" (cached for the negative
        TTL). `is_transient(body)`: a 2xx body that is an error to retry (never cached).
        """
        key = self.cache_key(path, params)
        url = self.public_url(path, params)
        if not self._refresh or self._offline:
            cached = self._cache.get(key, allow_stale=self._offline)
            if cached is not None:
                self.counters.cache_hits += 1
                return Answer(cached.status, _loads(cached.body), url, True)
        if self._offline:
            self.counters.cache_misses += 1
            raise OfflineMiss(f"{self.name}: not in the response cache (offline): {url}")
        status, text = await self._send(path, params, url, is_transient)
        body = _loads(text)
        negative = status in CACHEABLE_STATUSES or bool(is_negative and is_negative(body))
        if 200 <= status < 300 or status in CACHEABLE_STATUSES:
            self._cache.put(
                key,
                url=url,
                status=status,
                body=text if body is not None else "null",
                ttl_seconds=self._negative_ttl if negative else self._positive_ttl,
            )
        return Answer(status, body, url, False)

    async def _send(
        self,
        path: str,
        params: Params,
        url: str,
        is_transient: Callable[[Any], bool] | None,
    ) -> tuple[int, str]:
        segment = self.service.secret_path_segment
        real_url = f"{self.service.base_url}/{segment + '/' if segment else ''}{path.lstrip('/')}"
        all_params = [*params, *self.service.secret_params.items()]
        attempt = 0
        renewed = False
        while True:
            attempt += 1
            wait: float | None = None
            reason = ""
            headers = dict(self.service.headers)
            if self._auth is not None:
                headers["Authorization"] = await self._auth.header(self._client)
            async with self._limiter:
                self.counters.requests += 1
                try:
                    response = await self._client.get(real_url, params=all_params, headers=headers)
                except (httpx.TimeoutException, httpx.TransportError) as error:
                    response = None
                    reason = type(error).__name__
            if response is not None:
                await self._respect_remaining(response)
                status = response.status_code
                if status == 429 or status >= 500:
                    reason = f"HTTP {status}"
                    wait = parse_retry_after(response.headers.get("Retry-After"), self._clock())
                elif status == 401 and self._auth is not None and not renewed:
                    self._auth.invalidate()  # the token expired: get a new one, once
                    renewed = True
                    self.counters.retries += 1
                    continue
                elif status in (401, 403):
                    self.counters.failures += 1
                    setting = self.service.credential_variable or "its credential"
                    raise CredentialError(
                        f"{self.name} refused the request with HTTP {status} ({url}): check "
                        f"{setting} in the environment or .env, then run enrich again."
                    )
                elif 200 <= status < 300 and _loads(response.text) is None:
                    reason = "a body that is not JSON"
                elif 200 <= status < 300 and is_transient and is_transient(_loads(response.text)):
                    reason = "a temporary error in the body"
                else:
                    return status, response.text
            if attempt >= self._policy.max_attempts:
                self.counters.failures += 1
                raise FetchError(
                    f"{self.name}: {url} failed after {attempt} attempts ({reason}); "
                    "the service may be down: run enrich again later."
                )
            self.counters.retries += 1
            if wait is None:
                wait = min(
                    self._policy.backoff_cap, self._policy.backoff_base * 2 ** (attempt - 1)
                ) * (0.5 + self._jitter() / 2)
            await self._sleep(min(wait, self._policy.retry_after_cap))

    async def _respect_remaining(self, response: httpx.Response) -> None:
        remaining = response.headers.get("X-Discogs-Ratelimit-Remaining")
        if remaining is None:
            return
        try:
            left = int(remaining)
            window_total = int(response.headers.get("X-Discogs-Ratelimit") or 60)
        except ValueError:
            return
        if left < self._policy.low_remaining:
            self.counters.throttle_pauses += 1
            # the window is a moving minute: wait for the missing requests to come back
            await self._sleep((self._policy.low_remaining - left) * 60.0 / max(window_total, 1))


class _RedactSecrets(logging.Filter):
    """Replaces secret values in log records (httpx logs every request URL at INFO)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
        return True


@contextmanager
def redacted_http_logs(services: Iterable[ServiceSettings]) -> Iterator[None]:
    """While active, credentials never reach the `httpx`/`httpcore` log records."""
    secrets: list[str] = []
    for service in services:
        secrets.extend(service.secret_params.values())
        secrets.append(service.secret_path_segment)
        secrets.extend(
            value.split("=", 1)[-1]
            for name, value in service.headers.items()
            if name.lower() == "authorization"
        )
    redactor = _RedactSecrets(secrets)
    loggers = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    for logger in loggers:
        logger.addFilter(redactor)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(redactor)


def _loads(text: str) -> Any:
    if not text or not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
