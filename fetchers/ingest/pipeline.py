"""`ingest`: every PATH of a call into landing: recognise the files, read and validate them all,
then write the good ones in one transaction; returns an IngestReport."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import duckdb

from fetchers.ingest.batch import ReadFile, drop_batch_tables, read_files
from fetchers.ingest.formats import HistoryFormat
from fetchers.ingest.load import (
    already_loaded_outcome,
    current_timezones,
    earlier_loads,
    users_if_loaded_before,
    write_call,
)
from fetchers.ingest.plan import FileToLoad, LoadOptions, Planned, Workdirs, plan_path
from fetchers.ingest.report import FileOutcome, FileStatus, IngestReport

OnFile = Callable[[FileOutcome], None]


class IngestOptionError(ValueError):
    """An option value that cannot be used (the message says which and why)."""


def validate_timezone(name: str) -> str:
    """The IANA zone name as given, or IngestOptionError saying what is expected."""
    valid = name in available_timezones() or name == "UTC"
    if valid:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            valid = False
    if not valid:
        raise IngestOptionError(
            f"{name!r} is not an IANA time zone name; use one like 'Europe/Berlin', "
            "'America/New_York' or 'UTC'"
        )
    return name


def validate_user(name: str) -> str:
    if not name.strip():
        raise IngestOptionError("--user must name a user (it is empty)")
    return name


def ingest_paths(
    connection: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    options: LoadOptions,
    on_file: OnFile | None = None,
) -> IngestReport:
    """Load every history file under `paths`; bad files are reported, never raised.

    Every file is recognised and read (in parallel DuckDB reads into batch tables) and
    validated first; a bad file is named with its reason and left out. Then the good files'
    new plays, their `loaded_files` rows and the users' time zones are written in one
    transaction. Outcomes come in the order the files were found, once that has committed."""
    if options.user is not None:
        validate_user(options.user)
    if options.timezone is not None:
        validate_timezone(options.timezone)
    report = IngestReport()
    with (
        tempfile.TemporaryDirectory(prefix="fetchers-ingest-") as tmp,
        ExitStack() as extracted,  # zip members stay extracted until the call is written
        _session_for_loading(connection),
    ):
        workdir = Workdirs(Path(tmp))
        planned = [item for path in paths for item in plan_path(path, options, workdir, extracted)]
        try:
            outcomes = _load(connection, planned, options, report)
        finally:
            drop_batch_tables(connection)
    for outcome in outcomes:
        report.files.append(outcome)
        if on_file is not None:
            on_file(outcome)
    _summarise_users(connection, report, options)
    return report


def _load(
    connection: duckdb.DuckDBPyConnection,
    planned: list[Planned],
    options: LoadOptions,
    report: IngestReport,
) -> list[FileOutcome]:
    """Read, validate and write the planned files; every item's outcome, in order."""
    files = [item for item in planned if isinstance(item, FileToLoad)]
    earlier = earlier_loads(connection, files)
    known: dict[int, FileOutcome] = {}
    for file in files:
        users = users_if_loaded_before(connection, file, options, earlier)
        if users is not None:
            known[id(file)] = already_loaded_outcome(file, users)
    results: dict[int, ReadFile | FileOutcome] = {}
    for fmt in HistoryFormat:
        of_format = [f for f in files if f.history_format is fmt and id(f) not in known]
        if of_format:
            results.update(read_files(connection, of_format, fmt, options))
    good: list[ReadFile] = []
    in_call: dict[str, set[str]] = {}  # sha256 -> users it is loaded for in this call
    for file in files:
        result = known.get(id(file)) or results[id(file)]
        if isinstance(result, ReadFile):
            users = set(result.usernames)
            if users <= in_call.get(file.sha256, set()) | earlier.get(file.sha256, set()):
                result = already_loaded_outcome(file, result.usernames)
            else:
                in_call.setdefault(file.sha256, set()).update(users)
                good.append(result)
        if isinstance(result, FileOutcome):
            known[id(file)] = result
    already = [
        user
        for outcome in known.values()
        if outcome.status is FileStatus.ALREADY_LOADED
        for user in outcome.users
    ]
    clock = _LoadClock()
    with _single_threaded(connection):
        written = write_call(
            connection, good, already, options, [clock.next() for _ in good], clock.next()
        )
    if options.timezone is None:
        report.assumed_utc = sorted(written.zones_set)
    known.update(written.outcomes)
    return [item if isinstance(item, FileOutcome) else known[id(item)] for item in planned]


class _LoadClock:
    """Load times, strictly increasing, so each file load's rows are named by its own time."""

    def __init__(self) -> None:
        self._last: datetime | None = None

    def next(self) -> datetime:
        now = datetime.now(timezone.utc)
        if self._last is not None and now <= self._last:
            now = self._last + timedelta(microseconds=1)
        self._last = now
        return now


@contextmanager
def _single_threaded(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One thread for the call's write, restored after: DuckDB's parallel insert costs more CPU
    than it saves here (measured on 66k and 227k plays: about 2.5x and 1.6x the CPU of a
    one-thread append, and no faster on these 2 cores); the reads stay parallel."""
    row = connection.execute("select current_setting('threads')").fetchone()
    threads = int(row[0]) if row is not None else 0
    connection.execute("set threads = 1")
    try:
        yield
    finally:
        if threads > 0:
            connection.execute(f"set threads = {threads}")
        else:
            connection.execute("reset threads")


def _quote_free(setting: str) -> str:
    """A setting value DuckDB gave us, safe between single quotes."""
    return setting.replace("'", "")


# DuckDB's memory for a call (its default is 80 % of the machine): the batch tables of a big call
# spill to disk beyond it instead of growing the process (measured: one call of 1.1M rows peaks
# at 1.09 GB of RSS without it, 0.61 GB with it, in the same CPU time)
INGEST_MEMORY_LIMIT_BYTES = 500 * 1024 * 1024
_UNITS = {
    "bytes": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
    "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4,
}  # fmt: skip
_SIZE = re.compile(r"^\s*([0-9.]+)\s*([a-z]*)\s*$", re.IGNORECASE)


def _bytes(setting: str) -> float | None:
    """`18.8 GiB` -> bytes (None when DuckDB says something else)."""
    match = _SIZE.match(setting)
    if match is None or match.group(2).lower() not in _UNITS | {"": 1}:
        return None
    return float(match.group(1)) * _UNITS.get(match.group(2).lower(), 1)


def _restore_memory_limit(connection: duckdb.DuckDBPyConnection, limit: str) -> None:
    """Back to `limit` as DuckDB showed it: the default again when it was the default (setting
    the rounded text would drift), else that text."""
    connection.execute("reset memory_limit")
    row = connection.execute("select current_setting('memory_limit')").fetchone()
    if row is None or str(row[0]) != limit:
        connection.execute(f"set memory_limit = '{_quote_free(limit)}'")


@contextmanager
def _session_for_loading(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Session settings for a call, restored after: timestamps without an offset are read as
    UTC; DuckDB's memory is limited to INGEST_MEMORY_LIMIT_BYTES (never raised). The call's one
    commit is bigger than DuckDB's checkpoint threshold (16 MiB) for any sizeable export, so
    DuckDB writes it straight into the database instead of the write-ahead log first
    (measured: a fifth less CPU than logging it and checkpointing after)."""
    row = connection.execute(
        "select current_setting('TimeZone'), current_setting('memory_limit')"
    ).fetchone()
    zone, limit = (str(row[0]), str(row[1])) if row is not None else ("UTC", "")
    connection.execute("set TimeZone = 'UTC'")  # a ts without offset in an export is UTC
    current = _bytes(limit)
    lowered = current is not None and current > INGEST_MEMORY_LIMIT_BYTES
    if lowered:
        connection.execute(f"set memory_limit = '{INGEST_MEMORY_LIMIT_BYTES}B'")
    try:
        yield
    finally:
        connection.execute(f"set TimeZone = '{_quote_free(zone)}'")
        if lowered:
            _restore_memory_limit(connection, limit)
        # a small call's commit stays in the write-ahead log; if this cannot run now, the next
        # open of the warehouse does it
        with suppress(duckdb.Error):
            connection.execute("checkpoint")


def _summarise_users(
    connection: duckdb.DuckDBPyConnection, report: IngestReport, options: LoadOptions
) -> None:
    users = sorted(
        {
            user
            for outcome in report.files
            if outcome.status in (FileStatus.LOADED, FileStatus.ALREADY_LOADED)
            for user in outcome.users
        }
    )
    report.user_timezones.update(current_timezones(connection, users))
    if options.timezone is not None and not users:
        report.notes.append(
            f"--timezone {options.timezone} was not recorded: no file was loaded for any user"
        )
