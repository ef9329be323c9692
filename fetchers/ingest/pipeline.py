"""`ingest`: every PATH of a call, file by file, into landing; returns an IngestReport."""

from __future__ import annotations

import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import duckdb

from fetchers.ingest.detect import DetectedKind, detect_file
from fetchers.ingest.formats import HistoryFormat, looks_like_history_name
from fetchers.ingest.load import FileToLoad, LoadOptions, load_file
from fetchers.ingest.report import FileOutcome, FileStatus, IngestReport
from fetchers.ingest.sources import (
    SourceFile,
    folder_files,
    is_zip,
    materialize,
    zip_members,
)

OnFile = Callable[[FileOutcome], None]


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
    """Load every history file under `paths`; bad files are reported, never raised."""
    if options.user is not None:
        validate_user(options.user)
    if options.timezone is not None:
        validate_timezone(options.timezone)
    report = IngestReport()
    clock = _LoadClock()

    def record(outcome: FileOutcome) -> None:
        report.files.append(outcome)
        if on_file is not None:
            on_file(outcome)

    with (
        tempfile.TemporaryDirectory(prefix="fetchers-ingest-") as tmp,
        _session_for_loading(connection),
    ):
        workdir = Path(tmp)
        for path in paths:
            for outcome in _ingest_path(connection, path, options, clock, workdir):
                record(outcome)
    _summarise_users(connection, report, options)
    return report


def _quote_free(setting: str) -> str:
    """A setting value DuckDB gave us, safe between single quotes."""
    return setting.replace("'", "")


@contextmanager
def _session_for_loading(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Session settings for a call, restored after: the write-ahead log takes every file and
    is checkpointed (compressed into the database) once at the end instead of every 16 MiB
    (each commit is still durable); timestamps without an offset are read as UTC."""
    row = connection.execute(
        "select current_setting('checkpoint_threshold'), current_setting('TimeZone')"
    ).fetchone()
    threshold, zone = (str(row[0]), str(row[1])) if row is not None else ("16MiB", "UTC")
    connection.execute("set checkpoint_threshold = '1GiB'")
    connection.execute("set TimeZone = 'UTC'")  # a ts without offset in an export is UTC
    try:
        yield
    finally:
        connection.execute(f"set checkpoint_threshold = '{_quote_free(threshold)}'")
        connection.execute(f"set TimeZone = '{_quote_free(zone)}'")
        # if it cannot run now, the data is safe in the write-ahead log: the next open does it
        with suppress(duckdb.Error):
            connection.execute("checkpoint")


def _ingest_path(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    options: LoadOptions,
    clock: _LoadClock,
    workdir: Path,
) -> Iterator[FileOutcome]:
    shown = str(path)
    if not path.exists():
        yield FileOutcome(shown, FileStatus.FAILED, "no such file or folder")
        return
    if path.is_dir():
        sources: list[SourceFile] = []
        for file in folder_files(path):
            if is_zip(file):
                members = _zip_sources(file, str(file), source_path=shown)
                if isinstance(members, str):
                    yield FileOutcome(str(file), FileStatus.FAILED, members)
                else:
                    sources.extend(members)
                continue
            relative = file.relative_to(path).as_posix()
            sources.append(SourceFile(str(file), relative, shown, True, path=file))
        yield from _ingest_container(connection, path, sources, options, clock, workdir)
        return
    if is_zip(path):
        yield from _ingest_container(
            connection, path, _zip_sources(path, shown), options, clock, workdir
        )
        return
    if path.suffix.lower() == ".zip":
        yield FileOutcome(shown, FileStatus.FAILED, "not a readable zip archive (damaged?)")
        return
    source = SourceFile(shown, path.name, shown, False, path=path)
    outcome, _ = _ingest_source(connection, source, options, clock, workdir)
    yield outcome


def _zip_sources(
    archive: Path, shown: str, source_path: str | None = None
) -> list[SourceFile] | str:
    try:
        return zip_members(archive, shown, source_path or shown)
    except (zipfile.BadZipFile, OSError) as error:
        return f"not a readable zip archive ({error})"


def _ingest_container(
    connection: duckdb.DuckDBPyConnection,
    container: Path,
    sources: list[SourceFile] | str,
    options: LoadOptions,
    clock: _LoadClock,
    workdir: Path,
) -> Iterator[FileOutcome]:
    """A folder or zip: history files load, others are skipped and named; no history: error."""
    if isinstance(sources, str):
        yield FileOutcome(str(container), FileStatus.FAILED, sources)
        return
    found_history = False
    for source in sources:
        outcome, is_history = _ingest_source(connection, source, options, clock, workdir)
        found_history = found_history or is_history
        yield outcome
    if not found_history:
        kind = "folder" if container.is_dir() else "zip"
        what = f"{len(sources)} other files skipped" if sources else "it is empty"
        yield FileOutcome(
            str(container),
            FileStatus.FAILED,
            f"no Spotify streaming history file in this {kind} ({what}); expected "
            "Streaming_History_Audio_*.json, endsong*.json or StreamingHistory*.json",
        )


def _ingest_source(
    connection: duckdb.DuckDBPyConnection,
    source: SourceFile,
    options: LoadOptions,
    clock: _LoadClock,
    workdir: Path,
) -> tuple[FileOutcome, bool]:
    """The outcome of one file, and whether it is (or is named as) play history."""
    named_history = looks_like_history_name(source.base_name)
    if source.in_container and not source.base_name.lower().endswith(".json"):
        return FileOutcome(source.name, FileStatus.SKIPPED, "not a JSON file"), False
    try:
        with materialize(source, workdir) as local:
            detection = detect_file(local.local_path, source.base_name)
            kind = detection.kind
            history_format = detection.history_format
            if history_format is None:
                return _not_loadable(source, kind, detection.reason, named_history)
            if history_format is HistoryFormat.ACCOUNT_DATA and options.user is None:
                message = (
                    "account-data history has no username: pass --user NAME to say whose "
                    "plays these are"
                )
                return FileOutcome(
                    source.name, FileStatus.FAILED, message, history_format.value
                ), True
            file = FileToLoad(
                local_path=local.local_path,
                name=source.name,
                file_name=source.file_name,
                source_path=source.source_path,
                sha256=local.sha256,
                history_format=history_format,
            )
            return load_file(connection, file, options, clock.next()), True
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, OSError) as error:
        reason = f"cannot be read ({type(error).__name__}: {error})"
        return FileOutcome(source.name, FileStatus.FAILED, reason), named_history


def _not_loadable(
    source: SourceFile, kind: DetectedKind, reason: str, named_history: bool
) -> tuple[FileOutcome, bool]:
    if kind is DetectedKind.VIDEO:
        return FileOutcome(source.name, FileStatus.SKIPPED, "video history, not music"), False
    if kind is DetectedKind.EMPTY_LIST:
        if source.in_container and not named_history:
            return FileOutcome(
                source.name, FileStatus.SKIPPED, "an empty list, not streaming history"
            ), False
        return FileOutcome(source.name, FileStatus.EMPTY, "no plays in it; nothing loaded"), True
    if source.in_container and not named_history:
        return FileOutcome(source.name, FileStatus.SKIPPED, f"not streaming history: {reason}"), (
            False
        )
    return FileOutcome(source.name, FileStatus.FAILED, reason), True


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
    for user in users:
        row = connection.execute(
            "select timezone from landing.user_settings where username = ? "
            "order by set_at desc limit 1",
            [user],
        ).fetchone()
        if row is not None:
            report.user_timezones[user] = row[0]
    if options.timezone is not None and not users:
        report.notes.append(
            f"--timezone {options.timezone} was not recorded: no file was loaded for any user"
        )
