"""Read every history file of a call into a batch table per format and validate each file
before anything is written: the reader's typed columns check the types, the batch's counts
the values landing requires (a user, an end time, ms_played). A bad file is named with its
reason and left out; its rows stay in the batch but never reach landing."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

import duckdb

from fetchers.ingest import read
from fetchers.ingest.formats import HistoryFormat
from fetchers.ingest.literals import run
from fetchers.ingest.plan import FileToLoad, LoadOptions
from fetchers.ingest.report import FileOutcome, FileStatus

# JSON bytes per `read_json` call: the files of a call are read in parallel, this many at a time
# into the same batch table; a read that fails is retried file by file for just these files.
BATCH_BYTES = 256 * 1024 * 1024
_BATCH_TABLE = "fetchers_ingest_batch"


@dataclass(frozen=True)
class UserRows:
    """One user's rows of a file, as read into the batch (username None: rows without one)."""

    username: str | None
    rows: int
    rows_without_end: int
    rows_without_ms: int
    first_ended: datetime | None
    last_ended: datetime | None


@dataclass(frozen=True)
class ReadFile:
    """A valid file with rows: they are in the batch table `table` under `file_no`."""

    file: FileToLoad
    table: str
    file_no: int
    users: tuple[UserRows, ...]  # one per user, each named

    @property
    def usernames(self) -> list[str]:
        return [row.username for row in self.users if row.username is not None]


def batch_table(history_format: HistoryFormat) -> str:
    return f"{_BATCH_TABLE}_{history_format.value}"


def drop_batch_tables(connection: duckdb.DuckDBPyConnection) -> None:
    with suppress(duckdb.Error):
        for fmt in HistoryFormat:
            for suffix in ("", "_files", "_keys"):
                connection.execute(f"drop table if exists {batch_table(fmt)}{suffix}")


def read_files(
    connection: duckdb.DuckDBPyConnection,
    files: list[FileToLoad],
    history_format: HistoryFormat,
    options: LoadOptions,
) -> dict[int, ReadFile | FileOutcome]:
    """Read the files (all of one format) into the batch table and validate each. Keys: id()
    of each file; values: a ReadFile, or its FAILED or EMPTY outcome."""
    table = batch_table(history_format)
    numbered = list(dict.fromkeys(str(file.local_path) for file in files))
    failed: dict[str, str] = {}
    created = False
    for chunk in _chunks(files):
        created = _read_chunk(connection, table, chunk, numbered, options, created, failed)
    stats: dict[int, list[UserRows]] = {}
    if created:
        for file_no, *row in connection.execute(
            read.batch_stats_sql(table, history_format)
        ).fetchall():
            stats.setdefault(int(file_no), []).append(UserRows(*row))
    results: dict[int, ReadFile | FileOutcome] = {}
    for file in files:
        path = str(file.local_path)
        fmt = history_format.value
        if path in failed:
            results[id(file)] = FileOutcome(file.name, FileStatus.FAILED, failed[path], fmt)
            continue
        file_no = numbered.index(path) + 1
        users = tuple(stats.get(file_no, ()))
        problem = _invalid(users, history_format)
        if problem is not None:
            results[id(file)] = FileOutcome(file.name, FileStatus.FAILED, problem, fmt)
        elif not users:
            results[id(file)] = FileOutcome(
                file.name, FileStatus.EMPTY, "no plays in it; nothing loaded", fmt
            )
        else:
            results[id(file)] = ReadFile(file, table, file_no, users)
    return results


def _chunks(files: list[FileToLoad]) -> list[list[FileToLoad]]:
    """The files in order, in groups of about BATCH_BYTES of JSON."""
    chunks: list[list[FileToLoad]] = [[]]
    size = 0
    for file in files:
        if chunks[-1] and size >= BATCH_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(file)
        with suppress(OSError):
            size += file.local_path.stat().st_size
    return [chunk for chunk in chunks if chunk]


def _read_chunk(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    chunk: list[FileToLoad],
    numbered: list[str],
    options: LoadOptions,
    created: bool,
    failed: dict[str, str],
) -> bool:
    """Add the chunk's rows to the batch table, all files in one read or, when that fails,
    one by one (each failure into `failed`: path -> reason). Returns whether the table exists."""
    fmt = chunk[0].history_format
    paths = list(dict.fromkeys(str(file.local_path) for file in chunk))
    try:
        _read(connection, table, fmt, paths, numbered, options, created)
        return True
    except duckdb.Error:
        pass  # some file of the chunk is bad: find which
    for file in chunk:
        path = str(file.local_path)
        if path in failed:
            continue
        try:
            _read(connection, table, fmt, [path], numbered, options, created)
            created = True
        except duckdb.Error as error:
            failed[path] = duckdb_message(error, file)
    return created


def _read(
    connection: duckdb.DuckDBPyConnection,
    table: str,
    fmt: HistoryFormat,
    paths: list[str],
    numbered: list[str],
    options: LoadOptions,
    append: bool,
) -> None:
    sql = read.append_batch_sql if append else read.create_batch_sql
    run(
        connection,
        sql(table, fmt, keep_pii=options.keep_pii),
        {"paths": paths, "numbered": numbered, "user": options.user},
    )


def _invalid(users: tuple[UserRows, ...], fmt: HistoryFormat) -> str | None:
    """Why the file cannot be loaded (a value landing requires is missing), counted, and what
    to do about it; None when every row has them."""
    total = sum(row.rows for row in users)
    without_user = sum(row.rows for row in users if row.username is None)
    if without_user:
        return (
            f"{without_user} of {total} rows have no username (exports since late 2024 and "
            "account data carry none): pass --user NAME to say whose plays these are"
        )
    without_end = sum(row.rows_without_end for row in users)
    if without_end:
        what = (
            "no ts"
            if fmt is HistoryFormat.EXTENDED
            else "no endTime or one not in 'YYYY-MM-DD HH:MM' form"
        )
        return f"{without_end} of {total} rows have {what}; is the file damaged or edited?"
    without_ms = sum(row.rows_without_ms for row in users)
    if without_ms:
        key = "ms_played" if fmt is HistoryFormat.EXTENDED else "msPlayed"
        return f"{without_ms} of {total} rows have no {key}; is the file damaged or edited?"
    return None


def duckdb_message(error: duckdb.Error, file: FileToLoad) -> str:
    """DuckDB's reason, first line, with our temp path replaced by the user's name for it."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = text.replace(str(file.local_path), file.name)
    for prefix in ("Invalid Input Error: ", "Conversion Error: ", "Constraint Error: "):
        text = text.removeprefix(prefix)
    return f"cannot be read as {_format_label(file.history_format)}: {text}"


def _format_label(fmt: HistoryFormat) -> str:
    if fmt is HistoryFormat.EXTENDED:
        return "Extended Streaming History"
    return "account-data streaming history"
