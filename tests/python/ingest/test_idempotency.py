"""Reloading the same or an overlapping export adds no duplicate play; counts are exact."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from .conftest import AUDIO_2023, AUDIO_2024, ENDSONG, Warehouse, extended_row, numbered_rows


def test_same_file_twice_is_skipped_as_already_loaded(warehouse: Warehouse) -> None:
    assert warehouse.ingest(ENDSONG).exit_code == 0
    again = warehouse.ingest(ENDSONG)
    assert again.exit_code == 0, again.output
    assert "already loaded" in again.output
    assert warehouse.plays() == 2080
    assert warehouse.scalar("select count(*) from landing.loaded_files") == 1
    # the same bytes for another user are that user's plays
    other = warehouse.ingest(ENDSONG, "--user", "someone")
    assert other.exit_code == 0 and "2080 of 2080 rows loaded" in other.output
    assert warehouse.plays() == 2 * 2080


def test_overlapping_reexport_with_reordered_rows_and_moved_boundaries(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    rows = json.loads(AUDIO_2023.read_text()) + json.loads(AUDIO_2024.read_text())
    first = [
        make_json("first/Streaming_History_Audio_0.json", rows[:2000], indent=2),
        make_json("first/Streaming_History_Audio_1.json", rows[2000:], indent=2),
    ]
    result = warehouse.ingest(*first, "--user", "re")
    assert result.exit_code == 0, result.output
    assert warehouse.plays() == len(rows) == 4624

    new_rows = numbered_rows(37, master_metadata_album_album_name="Later")
    again = rows + new_rows
    random.Random(5).shuffle(again)
    second = [
        make_json("second/Streaming_History_Audio_2023-2024_0.json", again[:1111]),
        make_json("second/Streaming_History_Audio_2024_1.json", again[1111:3500]),
        make_json("second/Streaming_History_Audio_2024-2025_2.json", again[3500:]),
    ]
    result = warehouse.ingest(*second, "--user", "re")
    assert result.exit_code == 0, result.output
    assert warehouse.plays() == 4624 + 37
    assert (
        warehouse.scalar("select count(distinct play_key) from landing.streaming_history")
        == 4624 + 37
    )
    per_file = warehouse.query(
        """
        select sum(rows_in_file), sum(rows_loaded), sum(rows_duplicate)
        from landing.loaded_files where file_name like '%2023-2024_0%' or file_name like
            '%2024_1%' or file_name like '%2024-2025_2%'
        """
    )
    assert per_file == [(4624 + 37, 37, 4624)]
    assert "Rows: 37 loaded, 4624 duplicates skipped" in result.output


def test_duplicates_within_a_file_load_once(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    rows = numbered_rows(3)
    path = make_json("dupes.json", [rows[0], rows[1], rows[0], rows[2], rows[0]])
    result = warehouse.ingest(path, "--user", "d")
    assert result.exit_code == 0, result.output
    assert warehouse.plays() == 3
    assert warehouse.query(
        "select rows_in_file, rows_loaded, rows_duplicate from landing.loaded_files"
    ) == [(5, 3, 2)]
    assert "2 duplicates skipped" in result.output


def test_rows_differing_in_any_field_are_distinct_plays(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    base = extended_row()
    variants = [
        base,
        {**base, "ip_addr": "192.0.2.8"},  # differs only in PII (which is not stored)
        {**base, "skipped": None},  # null differs from false
        {**base, "offline_timestamp": None},
        {**base, "reason_start": ""},  # '' differs from 'trackdone' and from null
        {**base, "reason_start": None},
        {**base, "ts": "2024-03-01T12:00:01Z"},
        # the separator cannot be faked: ('a', 'bc') vs ('ab', 'c'), ('a|', 'b') vs ('a', '|b')
        {**base, "master_metadata_track_name": "a", "master_metadata_album_album_name": "bc"},
        {**base, "master_metadata_track_name": "ab", "master_metadata_album_album_name": "c"},
        {**base, "master_metadata_track_name": "a|", "master_metadata_album_album_name": "b"},
        {**base, "master_metadata_track_name": "a", "master_metadata_album_album_name": "|b"},
        {**base, "master_metadata_track_name": "1|a", "master_metadata_album_album_name": None},
        {**base, "master_metadata_track_name": None, "master_metadata_album_album_name": "1|a"},
    ]
    path = make_json("variants.json", variants)
    result = warehouse.ingest(path, "--user", "v")
    assert result.exit_code == 0, result.output
    assert warehouse.plays() == len(variants)
    assert warehouse.scalar("select count(distinct play_key) from landing.streaming_history") == (
        len(variants)
    )


def test_play_key_ignores_text_formatting_of_the_same_values(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    """The key is over typed values: an indented file with the same plays adds nothing."""
    rows = numbered_rows(5)
    compact = make_json("compact.json", rows)
    indented = make_json("indented.json", list(reversed(rows)), indent=4)
    assert warehouse.ingest(compact, "--user", "t").exit_code == 0
    result = warehouse.ingest(indented, "--user", "t")
    assert result.exit_code == 0, result.output
    assert warehouse.plays() == 5
    assert "0 of 5 rows loaded, 5 duplicates skipped" in result.output


def test_several_users_in_one_file(warehouse: Warehouse, make_json: Callable[..., Path]) -> None:
    rows = numbered_rows(4, username="ann") + numbered_rows(2, username="bob")
    path = make_json("endsong.json", [*rows, rows[0]])
    result = warehouse.ingest(path)
    assert result.exit_code == 0, result.output
    assert warehouse.query(
        "select username, count(*) from landing.streaming_history group by all order by all"
    ) == [("ann", 4), ("bob", 2)]
    assert warehouse.query(
        """
        select username, rows_in_file, rows_loaded, rows_duplicate
        from landing.loaded_files order by username
        """
    ) == [("ann", 5, 4, 1), ("bob", 2, 2, 0)]
    assert "already loaded" in warehouse.ingest(path).output
    mixed = make_json("mixed.json", [*rows, extended_row()])  # one row without username
    refused = warehouse.ingest(mixed)
    assert refused.exit_code == 1 and "1 of 7 rows have no username" in refused.output
    assert warehouse.plays() == 6


def test_account_data_reexport_adds_only_new_plays(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    rows = [
        {
            "endTime": f"2019-02-01 08:{i:02d}",
            "artistName": "A",
            "trackName": f"T{i}",
            "msPlayed": 1000 + i,
        }
        for i in range(6)
    ]
    first = make_json("StreamingHistory0.json", rows[:4], indent=2)
    again = make_json("StreamingHistory_music_0.json", list(reversed(rows)))
    assert warehouse.ingest(first, "--user", "acc").exit_code == 0
    result = warehouse.ingest(again, "--user", "acc")
    assert result.exit_code == 0, result.output
    assert "2 of 6 rows loaded, 4 duplicates skipped" in result.output
    assert warehouse.account_plays() == 6
