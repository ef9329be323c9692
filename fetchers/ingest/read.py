"""SQL that reads one history file with DuckDB's JSON reader straight into landing, keyed.

Every file is read by `read_json(..., format='array', columns={...})` with the columns of its
format spelled out, so a key missing from the whole file reads as null and a value of the wrong
type fails the file. The path and the user are bound as parameters, never formatted into SQL.

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


def _reader(fields: tuple[ExportedField, ...]) -> str:
    return f"read_json($path, format = 'array', columns = {columns_literal(fields)})"


def extended_select_sql(*, keep_pii: bool) -> str:
    """Rows of an Extended Streaming History file; parameters: $path, $user (null: export's)."""
    pieces = [(f'"{f.key}"', f.duckdb_type) for f in EXTENDED_FIELDS]
    pieces.append(("effective_username", "VARCHAR"))
    ip_addr = "coalesce(ip_addr, ip_addr_decrypted)" if keep_pii else "null::varchar"
    user_agent = "user_agent_decrypted" if keep_pii else "null::varchar"
    return f"""
        select
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
    """Rows of an account-data file; parameters: $path, $user (required)."""
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


def insert_file_sql(history_format: HistoryFormat, *, keep_pii: bool) -> str:
    """Append every row of the file, keyed, in one streaming pass (duplicates are removed
    before commit); parameters: $path, $user, $sha256, $loaded_at."""
    if history_format is HistoryFormat.EXTENDED:
        select = extended_select_sql(keep_pii=keep_pii)
    else:
        select = account_select_sql()
    columns = ", ".join(LANDING_COLUMNS[history_format])
    return f"""
        insert into {LANDING_TABLE[history_format]} ({columns}, file_sha256, loaded_at)
        select {columns}, $sha256, $loaded_at
        from ({select})
    """


def _this_file() -> str:
    """Rows of this load of this file (loaded_at is unique per file load)."""
    return "(file_sha256 = $sha256 and loaded_at = $loaded_at)"


def new_rows_stats_sql(history_format: HistoryFormat) -> str:
    """Per user, of the rows this file just appended: rows, distinct plays, time range;
    parameters: $sha256, $loaded_at (which identify this load of this file)."""
    ended = ENDED_COLUMN[history_format]
    return f"""
        select username, count(*), count(distinct play_key), min({ended}), max({ended})
        from {LANDING_TABLE[history_format]}
        where {_this_file()}
        group by username
        order by username
    """


def earlier_rows_in_range_sql(history_format: HistoryFormat) -> str:
    """How many earlier rows of these users fall in the file's time range (cheap: pruned by
    the time range); parameters: $sha256, $loaded_at, $users, $first, $last."""
    ended = ENDED_COLUMN[history_format]
    return f"""
        select count(*)
        from {LANDING_TABLE[history_format]}
        where {ended} between $first and $last
            and list_contains($users, username)
            and not {_this_file()}
    """


def delete_new_duplicates_sql(history_format: HistoryFormat) -> str:
    """Remove the rows of this load whose play_key is already in landing or repeats within
    the file (the earliest copy stays). Only uncommitted rows of this transaction are
    deleted: what was committed before is never touched. Parameters as above. A same key
    means the same user and end time, so only rows in the file's time range are compared."""
    ended = ENDED_COLUMN[history_format]
    table = LANDING_TABLE[history_format]
    return f"""
        delete from {table}
        where rowid in (
            select row_id
            from (
                select
                    rowid as row_id,
                    {_this_file()} as is_new,
                    row_number() over (
                        partition by play_key order by {_this_file()}, rowid
                    ) as copy_number
                from {table}
                where {ended} between $first and $last
                    and list_contains($users, username)
            )
            where copy_number > 1 and is_new
        )
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
