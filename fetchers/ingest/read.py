"""SQL that reads history files with DuckDB's JSON reader into a keyed batch, then landing.

The files of a call are read together (`read_json` over a list of paths, in parallel, keyed
once) into a temporary batch table, each row tagged with its file's number (`file_no`: its
position in `$numbered`, the batch's list of paths, also when a file is read alone); each file
then goes from the batch into landing in its own transaction. When the batch read fails, the
files are read one by one, so that only the bad ones fail. Every file is read by
`read_json(..., format='array', columns={...})` with the columns of its format spelled out, so
a key missing from the whole file reads as null and a value of the wrong type fails the file.
Paths and the user are bound as parameters, never formatted into SQL.

`play_key` is md5 over every exported field, typed, plus the effective user, joined with `|`:
a string enters as its byte length then its text (`5|hello`; null as `-1` alone), so ('a', 'bc')
and ('ab', 'c') differ and null differs from ''; numbers and booleans as their text, null as
`~`; timestamps as epoch microseconds, so the key does not depend on the session time zone.
"""

from __future__ import annotations

from fetchers.ingest.formats import ACCOUNT_FIELDS, EXTENDED_FIELDS, ExportedField, HistoryFormat

# landing columns filled from the file (file_sha256 and loaded_at are added on insert)
EXTENDED_LANDING_COLUMNS: tuple[str, ...] = (
    "play_key",
    "username",
    "export_username",
    "ts",
    "platform",
    "ms_played",
    "conn_country",
    "ip_addr",
    "user_agent",
    "master_metadata_track_name",
    "master_metadata_album_artist_name",
    "master_metadata_album_album_name",
    "spotify_track_uri",
    "episode_name",
    "episode_show_name",
    "spotify_episode_uri",
    "audiobook_title",
    "audiobook_uri",
    "audiobook_chapter_uri",
    "audiobook_chapter_title",
    "reason_start",
    "reason_end",
    "shuffle",
    "skipped",
    "offline",
    "offline_timestamp",
    "incognito_mode",
)
ACCOUNT_LANDING_COLUMNS: tuple[str, ...] = (
    "play_key",
    "username",
    "end_time",
    "artist_name",
    "track_name",
    "podcast_name",
    "episode_name",
    "ms_played",
)
LANDING_TABLE = {
    HistoryFormat.EXTENDED: "landing.streaming_history",
    HistoryFormat.ACCOUNT_DATA: "landing.account_history",
}
LANDING_COLUMNS = {
    HistoryFormat.EXTENDED: EXTENDED_LANDING_COLUMNS,
    HistoryFormat.ACCOUNT_DATA: ACCOUNT_LANDING_COLUMNS,
}
# the column holding when playback ended (for range pruning of the duplicate check)
ENDED_COLUMN = {HistoryFormat.EXTENDED: "ts", HistoryFormat.ACCOUNT_DATA: "end_time"}


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


def _reader(fields: tuple[ExportedField, ...], *, batch: bool = False) -> str:
    """One file ($path), or with `batch` the files $paths, each row with its file name."""
    if batch:
        return (
            f"read_json($paths, format = 'array', columns = {columns_literal(fields)}, "
            "filename = true)"
        )
    return f"read_json($path, format = 'array', columns = {columns_literal(fields)})"


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
            from {_reader(EXTENDED_FIELDS, batch=True)}
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
            from {_reader(ACCOUNT_FIELDS, batch=True)}
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
    """Per file and user of the batch: rows, distinct plays, time range."""
    ended = ENDED_COLUMN[history_format]
    return f"""
        select file_no, username, count(*), count(distinct play_key), min({ended}), max({ended})
        from {table}
        group by file_no, username
        order by file_no, username
    """


def skip_table_sql(table: str, history_format: HistoryFormat) -> str:
    """`{table}_skip`: each play_key of the batch that a file must not add again, with its
    `owner`: 0 when landing holds it already (rows of the batch's users in its time range:
    a same key means the same user and end time), else the first file of the batch that has
    it (repeated in a later file). A row of file f whose key has an owner below f is a
    duplicate, provided every earlier file of the batch loaded. Parameters: $users, $first,
    $last (the batch's users and time range)."""
    ended = ENDED_COLUMN[history_format]
    target = LANDING_TABLE[history_format]
    return f"""
        create or replace temp table {table}_skip as
        with batch_keys as (
            select play_key, min(file_no) as first_file, max(file_no) as last_file
            from {table}
            group by play_key
        ),
        in_landing as (
            select distinct play_key
            from {target}
            where {ended} between $first and $last
                and list_contains($users, username)
                and play_key in (select play_key from batch_keys)
        )
        select
            batch_keys.play_key,
            case when in_landing.play_key is null then batch_keys.first_file else 0 end as owner
        from batch_keys
        left join in_landing on in_landing.play_key = batch_keys.play_key
        where in_landing.play_key is not null or batch_keys.first_file < batch_keys.last_file
    """


def skipped_rows_sql(table: str) -> str:
    """Per file of the batch: its rows whose key has an owner before it (see skip_table_sql)."""
    return f"""
        select new.file_no, count(*)
        from {table} as new
        join {table}_skip as skip on skip.play_key = new.play_key
        where skip.owner < new.file_no
        group by new.file_no
    """


def insert_from_batch_sql(
    table: str,
    history_format: HistoryFormat,
    *,
    against_earlier: bool,
    within_file: bool,
    skip_owned: bool = False,
) -> str:
    """Append one file's rows from the batch ($file_no), keyed, as this load ($sha256,
    $loaded_at). `against_earlier`: leave out rows whose play_key is in landing already
    (only rows of $users between $first and $last can share a key: same user and end time);
    `skip_owned`: leave out rows whose key has an owner before this file in `{table}_skip`
    (the same, worked out once for the whole batch); `within_file`: keep one copy of a play
    repeated in the file (copies are identical in every column)."""
    ended = ENDED_COLUMN[history_format]
    target = LANDING_TABLE[history_format]
    columns = ", ".join(LANDING_COLUMNS[history_format])
    earlier = (
        f"""
            and not exists (
                select 1 from {target} as earlier
                where earlier.play_key = new.play_key
                    and earlier.{ended} between $first and $last
                    and list_contains($users, earlier.username)
            )"""
        if against_earlier
        else ""
    )
    owned = (
        f"""
            and not exists (
                select 1 from {table}_skip as skip
                where skip.play_key = new.play_key and skip.owner < $file_no
            )"""
        if skip_owned
        else ""
    )
    once = "qualify row_number() over (partition by play_key) = 1" if within_file else ""
    return f"""
        insert into {target} ({columns}, file_sha256, loaded_at)
        select {columns}, $sha256, $loaded_at
        from {table} as new
        where file_no = $file_no{earlier}{owned}
        {once}
    """


def _this_file() -> str:
    """Rows of this load of this file (loaded_at is unique per file load)."""
    return "(file_sha256 = $sha256 and loaded_at = $loaded_at)"


def earlier_rows_in_range_sql(history_format: HistoryFormat) -> str:
    """How many earlier rows of these users fall in the file's time range (cheap: pruned by
    the time range); parameters: $sha256, $loaded_at, $users, $first, $last. Used when the
    batch's own duplicate check does not hold (a file before this one did not load)."""
    ended = ENDED_COLUMN[history_format]
    return f"""
        select count(*)
        from {LANDING_TABLE[history_format]}
        where {ended} between $first and $last
            and list_contains($users, username)
            and not {_this_file()}
    """


def loaded_per_user_sql(history_format: HistoryFormat) -> str:
    """Rows of this load left after duplicates were removed, per user."""
    return f"""
        select username, count(*)
        from {LANDING_TABLE[history_format]}
        where {_this_file()}
        group by username
    """


def missing_values_sql(history_format: HistoryFormat) -> str:
    """Why the file broke a not-null rule: rows, and rows without a user, an end time or
    ms_played (only run after a failed load); parameters: $path, $user."""
    if history_format is HistoryFormat.EXTENDED:
        return f"""
            select
                count(*),
                count(*) filter (where coalesce($user::varchar, username) is null),
                count(*) filter (where ts is null),
                count(*) filter (where ms_played is null)
            from {_reader(EXTENDED_FIELDS)}
        """
    return f"""
        select
            count(*),
            count(*) filter (where $user::varchar is null),
            count(*) filter (where try_cast("endTime" as timestamp) is null),
            count(*) filter (where "msPlayed" is null)
        from {_reader(ACCOUNT_FIELDS)}
    """


def usernames_sql() -> str:
    """The distinct `username` values of an Extended Streaming History file; $path."""
    return """
        select distinct username
        from read_json($path, format = 'array', columns = {'username': 'VARCHAR'})
    """
