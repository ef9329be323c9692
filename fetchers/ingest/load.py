"""Write a call's valid files into landing in one transaction: every good file's new plays, its
`loaded_files` rows and the users' time zones commit together, or nothing does.

A play (a play_key) is new when landing does not hold it; within the call it belongs to the first
good file that has it, so a later file (or a later copy in the same file) counts it as a
duplicate. Files whose bytes were already loaded for the same users are not read again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb

from fetchers.ingest import read
from fetchers.ingest.batch import ReadFile
from fetchers.ingest.formats import HistoryFormat
from fetchers.ingest.literals import run, values_rows
from fetchers.ingest.plan import FileToLoad, LoadOptions
from fetchers.ingest.report import FileOutcome, FileStatus, RowCounts
from fetchers.landing_schema import LANDING_TABLES, qualified

DEFAULT_TIMEZONE = "UTC"


@dataclass
class Written:
    """What the call's transaction wrote."""

    outcomes: dict[int, FileOutcome] = field(default_factory=dict)  # id(file) -> LOADED
    zones_set: dict[str, str] = field(default_factory=dict)  # user -> zone appended


def earlier_loads(
    connection: duckdb.DuckDBPyConnection, files: Sequence[FileToLoad]
) -> dict[str, set[str]]:
    """sha256 -> the users these bytes were loaded for before this call (one query)."""
    hashes = sorted({file.sha256 for file in files})
    if not hashes:
        return {}
    loads: dict[str, set[str]] = {}
    for sha256, username in run(
        connection,
        "select distinct file_sha256, username from landing.loaded_files "
        "where list_contains($hashes, file_sha256)",
        {"hashes": hashes},
    ).fetchall():
        loads.setdefault(sha256, set()).add(username)
    return loads


def users_if_loaded_before(
    connection: duckdb.DuckDBPyConnection,
    file: FileToLoad,
    options: LoadOptions,
    earlier: dict[str, set[str]],
) -> list[str] | None:
    """The file's users when its bytes were loaded for every one of them before (nothing to
    read), else None. Without --user the users are the file's usernames: a cheap scan, made
    only when these bytes were loaded for someone."""
    loaded_for = earlier.get(file.sha256)
    if not loaded_for:
        return None
    if options.user is not None:
        users = [options.user]
    elif file.history_format is HistoryFormat.EXTENDED:
        try:
            rows = run(connection, read.usernames_sql(), {"path": str(file.local_path)}).fetchall()
        except duckdb.Error:
            return None  # reading it will say what is wrong with the file
        users = [row[0] for row in rows]
        if None in users:
            return None
    else:
        return None
    return users if set(users) <= loaded_for else None


def already_loaded_outcome(file: FileToLoad, users: Iterable[str]) -> FileOutcome:
    wanted = list(dict.fromkeys(users))
    return FileOutcome(
        file.name,
        FileStatus.ALREADY_LOADED,
        f"already loaded for {', '.join(wanted)} (same file content); nothing to do",
        file.history_format.value,
        dict.fromkeys(wanted, RowCounts()),
    )


def write_call(
    connection: duckdb.DuckDBPyConnection,
    files: Sequence[ReadFile],
    other_users: Iterable[str],
    options: LoadOptions,
    load_times: Sequence[datetime],
    set_at: datetime,
) -> Written:
    """Append the new plays of `files` (valid, in the batch tables) and their loaded_files rows,
    and record the time zones of their users and `other_users` (whose files were already
    loaded), in one transaction. `load_times` (one per file, each unique) name each file's
    load in landing. A failure rolls everything back and is raised."""
    written = Written()
    users = sorted({*other_users, *(user for file in files for user in file.usernames)})
    if not users:
        return written
    by_format: dict[HistoryFormat, list[tuple[ReadFile, datetime]]] = {}
    for file, loaded_at in zip(files, load_times, strict=True):
        by_format.setdefault(file.file.history_format, []).append((file, loaded_at))
    for of_format in by_format.values():
        _fill_files_table(connection, of_format)
    connection.execute("begin transaction")
    try:
        loaded_files_rows: list[dict[str, Any]] = []
        for fmt, of_format in by_format.items():
            counts = _insert_new_plays(connection, fmt, [file for file, _ in of_format])
            for file, loaded_at in of_format:
                per_user = counts[file.file_no]
                written.outcomes[id(file.file)] = _loaded_outcome(file, per_user)
                loaded_files_rows += _loaded_files_rows(file, per_user, loaded_at)
        _insert_rows(connection, "loaded_files", loaded_files_rows)
        written.zones_set = record_user_settings(connection, users, options.timezone, set_at)
    except BaseException:
        connection.execute("rollback")
        raise
    connection.execute("commit")
    return written


def _fill_files_table(
    connection: duckdb.DuckDBPyConnection, files: list[tuple[ReadFile, datetime]]
) -> None:
    table = files[0][0].table
    connection.execute(read.create_files_table_sql(table))
    rows = [[f.file_no, f.file.sha256, loaded_at, f.file.export_layout] for f, loaded_at in files]
    connection.execute(f"insert into {table}_files values {values_rows(rows)}")


def _insert_new_plays(
    connection: duckdb.DuckDBPyConnection, fmt: HistoryFormat, files: list[ReadFile]
) -> dict[int, dict[str, RowCounts]]:
    """Insert the plays of `files` that are new; file_no -> user -> counts. When no play repeats
    within the call and landing has no row of these users in the call's time range, every row
    is new and goes in as it is; else the new plays are worked out once for the call."""
    table = files[0].table
    rows = [user for file in files for user in file.users]
    span = {
        "users": sorted({row.username for row in rows if row.username is not None}),
        "first": min(row.first_ended for row in rows if row.first_ended is not None),
        "last": max(row.last_ended for row in rows if row.last_ended is not None),
    }
    total, distinct = connection.execute(read.call_rows_sql(table)).fetchone() or (0, 0)
    in_range = run(connection, read.landing_rows_in_range_sql(fmt), span).fetchone()
    known = bool(in_range and in_range[0])
    repeats = total != distinct
    loaded: dict[tuple[int, str], int]
    if known or repeats:
        run(connection, read.new_keys_sql(table, fmt, against_landing=known), span)
        connection.execute(read.insert_sql(table, fmt, only_new=True))
        loaded = {
            (int(owner), user): int(count)
            for owner, user, count in connection.execute(
                read.new_rows_per_file_sql(table)
            ).fetchall()
        }
    else:
        connection.execute(read.insert_sql(table, fmt, only_new=False))
        loaded = {(file.file_no, row.username): row.rows for file in files for row in file.users}
    return {
        file.file_no: {
            user.username: RowCounts(
                user.rows,
                loaded.get((file.file_no, user.username), 0),
                user.rows - loaded.get((file.file_no, user.username), 0),
            )
            for user in file.users
            if user.username is not None
        }
        for file in files
    }


def _loaded_outcome(file: ReadFile, per_user: dict[str, RowCounts]) -> FileOutcome:
    total_loaded = sum(c.rows_loaded for c in per_user.values())
    total_rows = sum(c.rows_in_file for c in per_user.values())
    message = f"{total_loaded} of {total_rows} rows loaded"
    if total_loaded < total_rows:
        message += f", {total_rows - total_loaded} duplicates skipped"
    fmt = file.file.history_format.value
    return FileOutcome(file.file.name, FileStatus.LOADED, message, fmt, per_user)


def _loaded_files_rows(
    file: ReadFile, per_user: dict[str, RowCounts], loaded_at: datetime
) -> list[dict[str, Any]]:
    return [
        {
            "file_sha256": file.file.sha256,
            "file_name": file.file.file_name,
            "source_path": file.file.source_path,
            "format": file.file.history_format.value,
            "username": user,
            "rows_in_file": counts.rows_in_file,
            "rows_loaded": counts.rows_loaded,
            "rows_duplicate": counts.rows_duplicate,
            "loaded_at": loaded_at,
            "export_layout": file.file.export_layout,
        }
        for user, counts in per_user.items()
    ]


def _insert_rows(
    connection: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]
) -> None:
    """Insert rows given as column -> value, every column named (the schema's own names)."""
    if not rows:
        return
    columns = [c for c in LANDING_TABLES[table].column_names if c in rows[0]]
    values = values_rows([[row[column] for column in columns] for row in rows])
    connection.execute(f"insert into {qualified(table)} ({', '.join(columns)}) values {values}")


def record_user_settings(
    connection: duckdb.DuckDBPyConnection,
    users: Iterable[str],
    timezone: str | None,
    set_at: datetime,
) -> dict[str, str]:
    """Append a user's zone when given and different from the current one; give a user who
    has none `UTC`. Returns user -> zone for the rows appended."""
    wanted = sorted(set(users))
    if not wanted:
        return {}
    current = current_timezones(connection, wanted)
    appended: dict[str, str] = {}
    for user in wanted:
        if timezone is not None and current.get(user) != timezone:
            appended[user] = timezone
        elif timezone is None and user not in current:
            appended[user] = DEFAULT_TIMEZONE
    _insert_rows(
        connection,
        "user_settings",
        [{"username": u, "timezone": z, "set_at": set_at} for u, z in appended.items()],
    )
    return appended


def current_timezones(
    connection: duckdb.DuckDBPyConnection, users: Sequence[str]
) -> dict[str, str]:
    """user -> the zone in effect (the latest row), for those of `users` that have one."""
    return dict(
        run(
            connection,
            """
            select username, arg_max(timezone, set_at)
            from landing.user_settings
            where list_contains($users, username)
            group by username
            """,
            {"users": sorted(set(users))},
        ).fetchall()
    )
