"""The retry policy of every request: what is transient, how long to wait, when to give up.

Transient: timeouts and connection errors (`httpx.TransportError`), HTTP 429 and 5xx, and the
answers a client declares transient (a 2xx body that is not JSON, Last.fm's temporary errors
sent with HTTP 200): the attempt raises `RetryableAnswer`. Anything else is an answer (other
4xx included) or an error that no retry can mend (`CredentialError`, `SourceDown`).

The wait honours `Retry-After` (delta-seconds or an HTTP date), capped at `retry_after_cap`;
without it, exponential backoff (`backoff_base * 2 ** (attempt - 1)`, capped at `backoff_cap`)
times a jitter factor in [0.5, 1). The loop is tenacity's; sleep, clock and jitter are
injected so tests are fast and deterministic.
"""

from __future__ import annotations

import email.utils
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_base


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    retry_after_cap: float = 120.0


class RetryableAnswer(Exception):
    """An answer that is worth asking again for (429, 5xx, a body the client calls transient)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


TRANSIENT = (RetryableAnswer, httpx.TransportError)


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


def failure_reason(error: BaseException) -> str:
    """A short name for why an attempt failed ("HTTP 503", "ConnectError: ...")."""
    if isinstance(error, RetryableAnswer):
        return error.reason
    detail = str(error).strip()
    return f"{type(error).__name__}: {detail}" if detail else type(error).__name__


class WaitRetryAfterOrBackoff(wait_base):
    """`Retry-After` when the answer gave one, else exponential backoff with jitter; capped."""

    def __init__(self, policy: RetryPolicy, jitter: Callable[[], float]) -> None:
        self._policy = policy
        self._jitter = jitter

    def __call__(self, retry_state: RetryCallState) -> float:
        error = retry_state.outcome.exception() if retry_state.outcome else None
        wait = error.retry_after if isinstance(error, RetryableAnswer) else None
        if wait is None:
            exponent = retry_state.attempt_number - 1
            backoff = min(self._policy.backoff_cap, self._policy.backoff_base * 2**exponent)
            wait = backoff * (0.5 + self._jitter() / 2)
        return min(wait, self._policy.retry_after_cap)


def retrying(
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], Awaitable[None]],
    jitter: Callable[[], float],
    on_retry: Callable[[], None],
) -> AsyncRetrying:
    """A tenacity loop for one request: transient errors retried up to `max_attempts`; the last
    error re-raised as it was (the transport turns it into a `FetchError`)."""
    return AsyncRetrying(
        stop=stop_after_attempt(policy.max_attempts),
        wait=WaitRetryAfterOrBackoff(policy, jitter),
        retry=retry_if_exception_type(TRANSIENT),
        sleep=sleep,
        before_sleep=lambda _state: on_retry(),
        reraise=True,
    )
