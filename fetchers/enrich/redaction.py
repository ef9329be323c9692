"""Credentials never reach log records: a filter on the `httpx`/`httpcore` loggers.

httpx logs every request URL at INFO, and TheAudioDB's key is a path segment, Last.fm's a query
parameter: the filter replaces every secret value of the run's services with `***`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from fetchers.enrich.settings import ServiceSettings

LOGGERS = ("httpx", "httpcore")


class RedactSecrets(logging.Filter):
    """Replaces secret values in log records."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, "***")
            record.msg, record.args = message, None
        return True


def service_secrets(service: ServiceSettings) -> list[str]:
    """Every credential value a service's requests carry (query, path, Authorization header)."""
    secrets = [*service.secret_params.values(), service.secret_path_segment]
    secrets.extend(
        value.split("=", 1)[-1]
        for name, value in service.headers.items()
        if name.lower() == "authorization"
    )
    return secrets


@contextmanager
def redacted_http_logs(
    services: Iterable[ServiceSettings], extra_secrets: Iterable[str] = ()
) -> Iterator[None]:
    """While active, credentials never reach the `httpx`/`httpcore` log records."""
    secrets = [secret for service in services for secret in service_secrets(service)]
    redactor = RedactSecrets([*secrets, *extra_secrets])
    loggers = [logging.getLogger(name) for name in LOGGERS]
    for logger in loggers:
        logger.addFilter(redactor)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(redactor)
