"""SQL that reads history files with DuckDB's JSON reader into a keyed batch, then landing.

The files of a call are read together (`read_json` over a list of paths, in parallel, keyed
once) into a temporary batch table per format, each row tagged with its file's number
(`file_no`: its position in `$numbered`, the call's list of paths of that format, also when a
file is read alone). When a read of several files fails, they are read one by one, so that
only the bad ones fail. Every file is read by `read_json(..., format='array', columns={...})`
with the columns of its format spelled out, so a key missing from the whole file reads as null
and a value of the wrong type fails the file. The good files' new rows then go from the batch
into landing in one statement per format, inside the call's one transaction, with each file's
load metadata joined from a small `<batch>_files` table. Values (paths, the user, times) are
`$name` placeholders that fetchers/ingest/literals.py renders as literals; table and column
names are our own constants.

`play_key` is md5 over every exported field, typed, plus the effective user, joined with `|`:
a string enters as its byte length then its text (`5|hello`; null as `-1` alone), so ('a', 'bc')
and ('ab', 'c') differ and null differs from ''; numbers and booleans as their text, null as
`~`; timestamps as epoch microseconds, so the key does not depend on the session time zone.
"""

from __future__ import annotations

from fetchers.ingest.formats import ACCOUNT_FIELDS, EXTENDED_FIELDS, ExportedField, HistoryFormat
from fetchers.landing_schema import LANDING_TABLES, qualified

# the landing table of each format
LANDING_TABLE_NAME = {
    HistoryFormat.EXTENDED: "streaming_history",
    HistoryFormat.ACCOUNT_DATA: "account_history",
}
# columns of a landing row that describe the file load, not the play: from `<batch>_files`
FILE_COLUMNS = ("file_sha256", "loaded_at", "export_layout")
# the column holding when playback ended (for range pruning of the duplicate check)
ENDED_COLUMN = {HistoryFormat.EXTENDED: "ts", HistoryFormat.ACCOUNT_DATA: "end_time"}


def landing_table(history_format: HistoryFormat) -> str:
    return qualified(LANDING_TABLE_NAME[history_format])


def landing_columns(history_format: HistoryFormat) -> tuple[str, ...]:
    """Every column of the format's landing table, in the schema's order."""
    return LANDING_TABLES[LANDING_TABLE_NAME[history_format]].column_names


def columns_literal(fields: tuple[ExportedField, ...]) -> str:
    """The `columns={...}` map of read_json (our own constant names and types only)."""
    return "{" + ", ".join(f"'{f.key}': '{f.duckdb_type}'" for f in fields) + "}"


def _key_pieces(expression: str, duckdb_type: str) -> str:
    """The `|`-joined tokens of one value: a string is its byte length (-1: null) then the
    string itself (left out when null); other types their text, `~` when null."""
    if duckdb_type == "VARCHAR":
        return f"coalesce(strlen({expression}), -1), {expression}"
    if duckdb_type in ("TIMESTAMPTZ", "TIMESTAMP"):
        return f"coalesce(epoch_us({expression})::varchar, '~')"
    return f"coalesce({expression}::varchar, '~')"


def play_key_sql(pieces: list[tuple[str, str]]) -> str:
    """md5 over (expression, type) pairs, typed and null-safe with an explicit separator."""
    return "md5(concat_ws('|', " + ", ".join(_key_pieces(e, t) for e, t in pieces) + "))"


def _reader(fields: tuple[ExportedField, ...]) -> str:
    """The files $paths, each row with its file name."""
    return (
        f"read_json($paths, format = 'array', columns = {columns_literal(fields)}, filename = true)"
    )


def extended_select_sql(*, keep_pii: bool) -> str:
    """Rows of the Extended Streaming History files $paths, each with its `file_no`;
    parameters: $paths, $numbered, $user (null: the export's username)."""
    pieces = [(f'"{f.key}"', f.duckdb_type) for f in EXTENDED_FIELDS]
    pieces.append(("effective_username", "VARCHAR"))
    ip_addr = "coalesce(ip_addr, ip_addr_decrypted)" if keep_pii else "null::varchar"
    user_agent = "user_agent_decrypted" if keep_pii else "null::varchar"
    return f"""
        select
            list_position($numbered, filename) as file_no,
            {play_key_sql(pieces)} as play_key,
            effective_username as username,
            username as export_username,
            ts,
            platform,
            ms_played,
            conn_country,
            {ip_addr} as ip_addr,
            {user_agent} as user_agent,
            master_metadata_track_name,
            master_metadata_album_artist_name,
            master_metadata_album_album_name,
            spotify_track_uri,
            episode_name,
            episode_show_name,
            spotify_episode_uri,
            audiobook_title,
            audiobook_uri,
            audiobook_chapter_uri,
            audiobook_chapter_title,
            reason_start,
            reason_end,
            shuffle,
            skipped,
            offline,
            offline_timestamp,
            incognito_mode
        from (
            select *, coalesce($user::varchar, username) as effective_username
            from {_reader(EXTENDED_FIELDS)}
        )
    """


def account_select_sql() -> str:
    """Rows of the account-data files $paths, each with its `file_no`; parameters: $paths,
    $numbered, $user (required)."""
    pieces = [
        ("end_time", "TIMESTAMPTZ"),
        ('"artistName"', "VARCHAR"),
        ('"trackName"', "VARCHAR"),
        ('"podcastName"', "VARCHAR"),
        ('"episodeName"', "VARCHAR"),
        ('"msPlayed"', "BIGINT"),
        ("effective_username", "VARCHAR"),
    ]
    return f"""
        select
            list_position($numbered, filename) as file_no,
            {play_key_sql(pieces)} as play_key,
            effective_username as username,
            end_time,
            "artistName" as artist_name,
            "trackName" as track_name,
            "podcastName" as podcast_name,
            "episodeName" as episode_name,
            "msPlayed" as ms_played
        from (
            select
                *,
                $user::varchar as effective_username,
                -- not 'YYYY-MM-DD HH:MM' (or missing): null, refused by end_time's not null
                timezone('UTC', try_cast("endTime" as timestamp)) as end_time
            from {_reader(ACCOUNT_FIELDS)}
        )
    """


def _batch_select(history_format: HistoryFormat, *, keep_pii: bool) -> str:
    if history_format is HistoryFormat.EXTENDED:
        return extended_select_sql(keep_pii=keep_pii)
    return account_select_sql()


def create_batch_sql(table: str, history_format: HistoryFormat, *, keep_pii: bool) -> str:
    """The batch table (temporary), filled from the files `$paths`; parameters: $paths,
    $numbered (the list whose positions are the file numbers), $user. `table` is our own
    constant name."""
    select = _batch_select(history_format, keep_pii=keep_pii)
    return f"create or replace temp table {table} as {select}"


def append_batch_sql(table: str, history_format: HistoryFormat, *, keep_pii: bool) -> str:
    """Append the rows of the files `$paths` (one, when read alone) to the batch table."""
    return f"insert into {table} {_batch_select(history_format, keep_pii=keep_pii)}"


def batch_stats_sql(table: str, history_format: HistoryFormat) -> str:
    """Per file and user of the batch: rows, rows without an end time or ms_played (the values
    landing requires; rows without a user form the group whose username is null), and the
    time range."""
    ended = ENDED_COLUMN[history_format]
    return f"""
        select
            file_no,
            username,
            count(*),
            count(*) filter (where {ended} is null),
            count(*) filter (where ms_played is null),
            min({ended}),
            max({ended})
        from {table}
        group by file_no, username
        order by file_no, username
    """


def create_files_table_sql(table: str) -> str:
    """`{table}_files`: the good files of the batch and their load metadata (filled by the
    caller: file_no, file_sha256, loaded_at, export_layout)."""
    return f"""
        create or replace temp table {table}_files (
            file_no integer not null,
            file_sha256 varchar not null,
            loaded_at timestamptz not null,
            export_layout varchar
        )
    """


def _good_rows(table: str) -> str:
    return f"{table} where file_no in (select file_no from {table}_files)"


def call_rows_sql(table: str) -> str:
    """Rows of the good files and their distinct plays (equal: no play repeats in the call)."""
    return f"select count(*), count(distinct play_key) from {_good_rows(table)}"


def _landing_keys_in_range(history_format: HistoryFormat) -> str:
    """Keys landing holds for $users between $first and $last (a same key means the same user
    and end time, so nothing outside that range can match; the range prunes the scan)."""
    ended = ENDED_COLUMN[history_format]
    return f"""
        select play_key from {landing_table(history_format)}
        where {ended} between $first and $last and list_contains($users, username)
    """


def landing_rows_in_range_sql(history_format: HistoryFormat) -> str:
    """How many landing rows of $users fall between $first and $last (0: nothing to check)."""
    return f"select count(*) from ({_landing_keys_in_range(history_format)})"


def new_keys_sql(table: str, history_format: HistoryFormat, *, against_landing: bool) -> str:
    """`{table}_keys`: each play of the good files that landing does not hold yet, with its
    `owner` (the first good file of the call that has it), its user and `first_row`, the
    rowid of one of its rows in the owner file (copies of a play are identical in every
    column). With `against_landing` off, every play of the call is new (no parameters)."""
    landing = (
        f"anti join ({_landing_keys_in_range(history_format)}) as known using (play_key)"
        if against_landing
        else ""
    )
    return f"""
        create or replace temp table {table}_keys as
        select call.*
        from (
            select
                play_key,
                min(file_no) as owner,
                arg_min(rowid, file_no) as first_row,
                any_value(username) as username
            from {_good_rows(table)}
            group by play_key
        ) as call
        {landing}
    """


def new_rows_per_file_sql(table: str) -> str:
    """Per file and user: the plays it adds (those it owns in `{table}_keys`)."""
    return f"select owner, username, count(*) from {table}_keys group by owner, username"


def insert_sql(table: str, history_format: HistoryFormat, *, only_new: bool) -> str:
    """Append the good files' rows from the batch to landing, every column named. `only_new`:
    one row of each play of `{table}_keys` (its first row in the file that owns it); else
    every row of the good files (when none repeats and landing holds none)."""
    columns = landing_columns(history_format)
    values = ", ".join(
        f"files.{column}" if column in FILE_COLUMNS else f"new.{column}" for column in columns
    )
    keys = f"\n        where new.rowid in (select first_row from {table}_keys)" if only_new else ""
    return f"""
        insert into {landing_table(history_format)} ({", ".join(columns)})
        select {values}
        from {table} as new
        join {table}_files as files on files.file_no = new.file_no{keys}
    """


def usernames_sql() -> str:
    """The distinct `username` values of an Extended Streaming History file; $path."""
    return """
        select distinct username
        from read_json($path, format = 'array', columns = {'username': 'VARCHAR'})
    """
