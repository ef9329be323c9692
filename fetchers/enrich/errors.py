"""What can go wrong with a request, as exceptions the resolvers and the run tell apart.

- `FetchError`: no answer this run (retries exhausted, the source taken out, an offline miss);
  the subject is left for a later run and nothing about it is recorded.
- `OfflineMiss`: `--offline` and the response cache has no answer.
- `SourceDown`: the source's circuit breaker is open (consecutive transport failures): no
  request is sent to it for the rest of the run.
- `CredentialError`: the service refused the credentials; asking again cannot help, so the run
  stops with a message naming the setting.
"""

from __future__ import annotations


class FetchError(RuntimeError):
    """A request that failed after its retries (or could not be answered at all)."""


class OfflineMiss(FetchError):
    """`--offline` and the response cache has no answer for this request."""


class SourceDown(FetchError):
    """The source was taken out of the run after consecutive transport failures."""


class CredentialError(FetchError):
    """The service refused the credentials (HTTP 401/403): no use asking it again this run."""
