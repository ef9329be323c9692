"""One source's way to the network: rate limit, retries, circuit breaker, response cache.

Each source gets a `Transport` over one shared `httpx.AsyncClient`. A request:
1. is answered from the response cache when it holds it (2xx, 400 and 404 answers are stored
   under a key without credentials; "nothing there" expires after the negative TTL);
   `offline` answers from the cache only (a miss raises `OfflineMiss`, no request);
   `refresh` skips cache reads;
2. is refused at once when the source's circuit breaker is open (`SourceDown`, `breaker.py`);
3. is sent through the leaky-bucket limiter (aiolimiter, one request per `1 / rate` seconds,
   retries included), with the retry policy of `retry.py` around each attempt;
4. raises `CredentialError` on 401/403 (after the auth object's one token renewal), and
   `FetchError` when its retries are exhausted: neither is ever cached.
Authentication is an `httpx.Auth` (`auth.py`); per-service quirks live in the service's client
(`clients/`); log redaction in `redaction.py`.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
from aiolimiter import AsyncLimiter

from fetchers.enrich.breaker import CircuitBreaker
from fetchers.enrich.cache import ResponseCache
from fetchers.enrich.errors import CredentialError, FetchError, OfflineMiss, SourceDown
from fetchers.enrich.retry import (
    TRANSIENT,
    RetryableAnswer,
    RetryPolicy,
    failure_reason,
    parse_retry_after,
    retrying,
)
from fetchers.enrich.settings import ServiceSettings

Params = Sequence[tuple[str, str]]
CACHEABLE_STATUSES = frozenset({400, 404})


@dataclass
class Counters:
    requests: int = 0  # attempts sent (retries included)
    cache_hits: int = 0
    cache_misses: int = 0  # offline requests the cache could not answer
    retries: int = 0
    failures: int = 0  # requests given up (retries exhausted, source down)
    throttle_pauses: int = 0  # pauses a client made for the service's own quota


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # parsed JSON (None when the body was empty or not JSON on a 4xx)
    url: str  # the request without credentials
    from_cache: bool
    headers: Mapping[str, str] = field(default_factory=dict)  # empty when from the cache

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def _query(params: Params) -> str:
    return urlencode(sorted(params), doseq=False)


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
        auth: httpx.Auth | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.service = service
        self.counters = Counters()
        self.sleep = sleep  # clients pause through it too (Discogs' quota)
        self.breaker = breaker or CircuitBreaker(service.name, service.base_url, threshold=3)
        self._auth = auth
        self._client = client
        self._cache = cache
        self._offline = offline
        self._refresh = refresh
        self._policy = policy or RetryPolicy()
        self._positive_ttl = positive_ttl
        self._negative_ttl = negative_ttl
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
        if self.breaker.is_open:  # out of the run: refused at once, without a limiter slot
            self.counters.failures += 1
            self.breaker.check()
        response = await self._send(path, params, url, is_transient)
        text = response.text
        body = _loads(text)
        status = response.status_code
        negative = status in CACHEABLE_STATUSES or bool(is_negative and is_negative(body))
        if 200 <= status < 300 or status in CACHEABLE_STATUSES:
            self._cache.put(
                key,
                url=url,
                status=status,
                body=text if body is not None else "null",
                ttl_seconds=self._negative_ttl if negative else self._positive_ttl,
            )
        return Answer(status, body, url, False, response.headers)

    async def _send(
        self,
        path: str,
        params: Params,
        url: str,
        is_transient: Callable[[Any], bool] | None,
    ) -> httpx.Response:
        """The request with its retries; raises `FetchError` (never cached) when they end."""

        def count_retry() -> None:
            self.counters.retries += 1

        loop = retrying(self._policy, sleep=self.sleep, jitter=self._jitter, on_retry=count_retry)
        try:
            return await loop(self._attempt, path, params, url, is_transient)
        except CredentialError:
            self.counters.failures += 1
            raise
        except SourceDown:
            self.counters.failures += 1
            raise
        except TRANSIENT as error:
            self.counters.failures += 1
            raise FetchError(
                f"{self.name}: {url} failed after {self._policy.max_attempts} attempts "
                f"({failure_reason(error)}); the service may be down: run enrich again later."
            ) from error

    async def _attempt(
        self,
        path: str,
        params: Params,
        url: str,
        is_transient: Callable[[Any], bool] | None,
    ) -> httpx.Response:
        """One attempt: an answer, or `RetryableAnswer` / a transport error for the policy."""
        segment = self.service.secret_path_segment
        real_url = f"{self.service.base_url}/{segment + '/' if segment else ''}{path.lstrip('/')}"
        all_params = [*params, *self.service.secret_params.items()]
        async with self._limiter:
            self.breaker.check()  # opened meanwhile (another request's failures): send nothing
            self.counters.requests += 1
            try:
                response = await self._client.get(
                    real_url,
                    params=all_params,
                    headers=self.service.headers,
                    auth=self._auth or httpx.USE_CLIENT_DEFAULT,
                )
            except httpx.TransportError as error:
                if self.breaker.failure(failure_reason(error)):
                    raise SourceDown(self.breaker.reason or self.name) from error
                raise
        self.breaker.success()
        status = response.status_code
        if status == 429 or status >= 500:
            retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock())
            raise RetryableAnswer(f"HTTP {status}", retry_after)
        if status in (401, 403):
            setting = self.service.credential_variable or "its credential"
            raise CredentialError(
                f"{self.name} refused the request with HTTP {status} ({url}): check "
                f"{setting} in the environment or .env, then run enrich again."
            )
        if 200 <= status < 300:
            body = _loads(response.text)
            if body is None:
                raise RetryableAnswer("a body that is not JSON")
            if is_transient is not None and is_transient(body):
                raise RetryableAnswer("a temporary error in the body")
        return response


def _loads(text: str) -> Any:
    if not text or not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
