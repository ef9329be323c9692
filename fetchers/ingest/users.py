"""A user's settings in landing (today: the time zone their days and hours are counted in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb

from fetchers.ingest.literals import run
from fetchers.ingest.load import current_timezones, record_user_settings
from fetchers.ingest.pipeline import validate_timezone, validate_user


@dataclass(frozen=True)
class TimezoneChange:
    user: str
    previous: str | None  # None: the user had no zone yet
    current: str
    has_plays: bool  # any export loaded for the user yet

    @property
    def changed(self) -> bool:
        return self.previous != self.current


def set_timezone(connection: duckdb.DuckDBPyConnection, user: str, zone: str) -> TimezoneChange:
    """Make `zone` the user's time zone (appended to landing.user_settings when it differs from
    the current one). A user with no plays yet may be given one: it applies when their exports
    are loaded (ingest without --timezone keeps it)."""
    validate_user(user)
    validate_timezone(zone)
    previous = current_timezones(connection, [user]).get(user)
    connection.execute("begin transaction")
    try:
        record_user_settings(connection, [user], zone, datetime.now(timezone.utc))
    except BaseException:
        connection.execute("rollback")
        raise
    connection.execute("commit")
    loaded = run(
        connection,
        "select count(*) from landing.loaded_files where username = $user",
        {"user": user},
    ).fetchone()
    return TimezoneChange(user, previous, zone, bool(loaded and loaded[0]))
