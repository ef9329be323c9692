"""Load one history file into `landing`: one transaction per file, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from fetchers.ingest import read
from fetchers.ingest.formats import HistoryFormat
from fetchers.ingest.report import FileOutcome, FileStatus, RowCounts

DEFAULT_TIMEZONE = "UTC"


@dataclass(frozen=True)
class LoadOptions:
    user: str | None = None  # overrides the export's username; required where it has none
    timezone: str | None = None  # IANA name, already validated
    keep_pii: bool = False


@dataclass(frozen=True)
class FileToLoad:
    local_path: Path  # where DuckDB reads it (a temp copy for zip members)
    name: str  # how the user knows it
    file_name: str  # recorded in loaded_files (base name, or its path in the zip/folder)
    source_path: str  # the PATH given on the command line
    sha256: str
    history_format: HistoryFormat


@dataclass(frozen=True)
class UserRows:
    """One user's rows of a file, as read into the batch."""

    username: str | None
    rows: int
    distinct_plays: int
    first_ended: datetime | None
    last_ended: datetime | None


@dataclass(frozen=True)
class BatchedFile:
    """A file whose rows are in the batch table `table` under `file_no`."""

    table: str
    file_no: int
    users: tuple[UserRows, ...]  # empty: no rows
    # rows already in landing or in an earlier file of the batch (worked out once for the
    # batch, valid while every earlier file of it loaded); None: check against landing here
    earlier_copies: int | None = None


def needs_reading(
    connection: duckdb.DuckDBPyConnection, file: FileToLoad, options: LoadOptions
) -> bool:
    """False when the same bytes were loaded for the same users before (nothing to read)."""
    known_users = _file_users_if_loaded_before(connection, file, options)
    return not (known_users is not None and _already_loaded(connection, file.sha256, known_users))


def load_file(
    connection: duckdb.DuckDBPyConnection,
    file: FileToLoad,
    options: LoadOptions,
    loaded_at: datetime,
    batched: BatchedFile | None,
) -> FileOutcome:
    """Deduplicate and append one file from the batch; on any error nothing of it stays.
    `batched` is None only when the file was found already loaded before it was read.

    `loaded_at` must be unique per file load: with the file's sha256 it names this load's
    rows until the transaction commits."""
    fmt = file.history_format
    known_users = _file_users_if_loaded_before(connection, file, options)
    if known_users is not None and _already_loaded(connection, file.sha256, known_users):
        return _already_loaded_outcome(connection, file, known_users, options, loaded_at)
    if batched is None:  # loaded before the batch was read, and not any more: cannot happen
        raise RuntimeError(f"{file.name} was not read")
    connection.execute("begin transaction")
    try:
        outcome = _load_in_transaction(connection, file, options, loaded_at, batched)
    except duckdb.ConstraintException:
        connection.execute("rollback")
        return FileOutcome(
            file.name,
            FileStatus.FAILED,
            _missing_values_message(connection, file, options),
            fmt.value,
        )
    except duckdb.Error as error:
        connection.execute("rollback")
        return FileOutcome(file.name, FileStatus.FAILED, duckdb_message(error, file), fmt.value)
    except BaseException:
        connection.execute("rollback")
        raise
    if outcome.status is FileStatus.LOADED:
        connection.execute("commit")
        return outcome
    connection.execute("rollback")
    if outcome.status is FileStatus.ALREADY_LOADED:
        return _already_loaded_outcome(connection, file, list(outcome.users), options, loaded_at)
    return outcome


def _missing_values_message(
    connection: duckdb.DuckDBPyConnection, file: FileToLoad, options: LoadOptions
) -> str:
    """What a file that broke a not-null rule lacks, counted, and what to do about it."""
    fmt = file.history_format
    try:
        row = connection.execute(
            read.missing_values_sql(fmt), {"path": str(file.local_path), "user": options.user}
        ).fetchone()
    except duckdb.Error as error:
        return duckdb_message(error, file)
    total, without_user, without_end, without_ms = row if row is not None else (0, 0, 0, 0)
    if without_user:
        return (
            f"{without_user} of {total} rows have no username (exports since late 2024 and "
            "account data carry none): pass --user NAME to say whose plays these are"
        )
    if without_end:
        what = (
            "no ts"
            if fmt is HistoryFormat.EXTENDED
            else "no endTime or one not in 'YYYY-MM-DD HH:MM' form"
        )
        return f"{without_end} of {total} rows have {what}; is the file damaged or edited?"
    key = "ms_played" if fmt is HistoryFormat.EXTENDED else "msPlayed"
    return f"{without_ms} of {total} rows have no {key}; is the file damaged or edited?"


def _load_in_transaction(
    connection: duckdb.DuckDBPyConnection,
    file: FileToLoad,
    options: LoadOptions,
    loaded_at: datetime,
    batched: BatchedFile,
) -> FileOutcome:
    fmt = file.history_format
    this_load = {"sha256": file.sha256, "loaded_at": loaded_at}
    stats = batched.users
    if not stats:
        return FileOutcome(file.name, FileStatus.EMPTY, "no plays in it; nothing loaded", fmt.value)
    users = [row.username for row in stats]
    if None in users or any(row.first_ended is None for row in stats):
        # a row without a user or an end time: the insert breaks a not-null rule and says so
        connection.execute(
            read.insert_from_batch_sql(
                batched.table, fmt, against_earlier=False, within_file=False
            ),
            {"file_no": batched.file_no, **this_load},
        )
        raise RuntimeError("a row without a user or end time was accepted")  # not null rules
    known = [user for user in users if user is not None]
    rows_in_file = {row.username: row.rows for row in stats if row.username is not None}
    if options.user is None and _already_loaded(connection, file.sha256, known):
        return FileOutcome(
            file.name, FileStatus.ALREADY_LOADED, users=dict.fromkeys(known, RowCounts())
        )
    span = {
        "users": known,
        "first": min(row.first_ended for row in stats if row.first_ended is not None),
        "last": max(row.last_ended for row in stats if row.last_ended is not None),
        **this_load,
    }
    repeats_within_file = any(row.rows != row.distinct_plays for row in stats)
    if batched.earlier_copies is None:
        earlier = connection.execute(read.earlier_rows_in_range_sql(fmt), span).fetchone()
        against_earlier = earlier is not None and earlier[0] > 0
        insert = read.insert_from_batch_sql(
            batched.table, fmt, against_earlier=against_earlier, within_file=repeats_within_file
        )
        params = span if against_earlier else this_load
    else:
        against_earlier = batched.earlier_copies > 0
        insert = read.insert_from_batch_sql(
            batched.table,
            fmt,
            against_earlier=False,
            within_file=repeats_within_file,
            skip_owned=against_earlier,
        )
        params = this_load
    connection.execute(insert, {"file_no": batched.file_no, **params})
    if repeats_within_file or against_earlier:
        loaded = dict(connection.execute(read.loaded_per_user_sql(fmt), this_load).fetchall())
    else:
        loaded = dict(rows_in_file)
    counts = {
        user: RowCounts(
            rows_in_file[user], int(loaded.get(user, 0)), rows_in_file[user] - loaded.get(user, 0)
        )
        for user in known
    }
    connection.executemany(
        """
        insert into landing.loaded_files (
            file_sha256, file_name, source_path, format, username,
            rows_in_file, rows_loaded, rows_duplicate, loaded_at
        ) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            [
                file.sha256,
                file.file_name,
                file.source_path,
                fmt.value,
                user,
                user_counts.rows_in_file,
                user_counts.rows_loaded,
                user_counts.rows_duplicate,
                loaded_at,
            ]
            for user, user_counts in counts.items()
        ],
    )
    record_user_settings(connection, known, options.timezone, loaded_at)
    total_loaded = sum(c.rows_loaded for c in counts.values())
    total_rows = sum(c.rows_in_file for c in counts.values())
    message = f"{total_loaded} of {total_rows} rows loaded"
    if total_loaded < total_rows:
        message += f", {total_rows - total_loaded} duplicates skipped"
    return FileOutcome(file.name, FileStatus.LOADED, message, fmt.value, counts)


def _file_users_if_loaded_before(
    connection: duckdb.DuckDBPyConnection, file: FileToLoad, options: LoadOptions
) -> list[str] | None:
    """The users this file's plays belong to, when it matters: the same bytes were loaded
    before. Without --user that takes a scan of the file's usernames (a cheap one)."""
    if options.user is not None:
        return [options.user]
    seen = connection.execute(
        "select count(*) from landing.loaded_files where file_sha256 = ?", [file.sha256]
    ).fetchone()
    if seen is None or seen[0] == 0 or file.history_format is not HistoryFormat.EXTENDED:
        return None
    try:
        rows = connection.execute(read.usernames_sql(), {"path": str(file.local_path)}).fetchall()
    except duckdb.Error:
        return None  # the load itself will report what is wrong with the file
    users = [row[0] for row in rows]
    return None if None in users else users


def _already_loaded(
    connection: duckdb.DuckDBPyConnection, sha256: str, users: Iterable[str]
) -> bool:
    """Whether these bytes were loaded for every one of these users already."""
    wanted = sorted(set(users))
    if not wanted:
        return False
    loaded = connection.execute(
        """
        select count(distinct username) from landing.loaded_files
        where file_sha256 = $sha256 and list_contains($users, username)
        """,
        {"sha256": sha256, "users": wanted},
    ).fetchone()
    return loaded is not None and loaded[0] == len(wanted)


def _already_loaded_outcome(
    connection: duckdb.DuckDBPyConnection,
    file: FileToLoad,
    users: list[str],
    options: LoadOptions,
    loaded_at: datetime,
) -> FileOutcome:
    if options.timezone is not None:
        connection.execute("begin transaction")
        try:
            record_user_settings(connection, users, options.timezone, loaded_at)
        except BaseException:
            connection.execute("rollback")
            raise
        connection.execute("commit")
    who = ", ".join(users)
    return FileOutcome(
        file.name,
        FileStatus.ALREADY_LOADED,
        f"already loaded for {who} (same file content); nothing to do",
        file.history_format.value,
        dict.fromkeys(users, RowCounts()),
    )


def record_user_settings(
    connection: duckdb.DuckDBPyConnection,
    users: Iterable[str],
    timezone: str | None,
    set_at: datetime,
) -> dict[str, str]:
    """Append a user's zone when given and different from the current one; give a user who
    has none `UTC`. Returns user -> zone for the rows appended."""
    wanted = sorted(set(users))
    current = dict(
        connection.execute(
            """
            select username, arg_max(timezone, set_at)
            from landing.user_settings
            where list_contains($users, username)
            group by username
            """,
            {"users": wanted},
        ).fetchall()
    )
    appended: dict[str, str] = {}
    for user in wanted:
        if timezone is not None and current.get(user) != timezone:
            appended[user] = timezone
        elif timezone is None and user not in current:
            appended[user] = DEFAULT_TIMEZONE
    if appended:
        connection.executemany(
            "insert into landing.user_settings (username, timezone, set_at) values (?, ?, ?)",
            [[user, zone, set_at] for user, zone in appended.items()],
        )
    return appended


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
