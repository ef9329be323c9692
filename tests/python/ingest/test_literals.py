"""Values written into ingest's SQL as literals come back exactly, whatever they contain."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from fetchers.ingest.literals import literal, render, run

HOSTILE = [
    "plain",
    "",
    "O'Brien",
    "''; drop table x; --",
    "back\\slash\\'",
    '"double" quotes',
    "$user and $paths",
    "名前 🎵 עברית",
    "line\nbreak\ttab",
    "%_*?[glob]{x}",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_strings_round_trip(value: str) -> None:
    with duckdb.connect() as connection:
        assert connection.execute(f"select {literal(value)}").fetchone() == (value,)


def test_lists_numbers_times_and_placeholders_round_trip() -> None:
    moment = datetime(2024, 3, 31, 1, 0, 30, 123456, tzinfo=timezone(timedelta(hours=2)))
    with duckdb.connect() as connection:
        row = run(
            connection,
            "select $names, $empty, $n, $yes, $none, $at, list_contains($names, $second)",
            {
                "names": HOSTILE,
                "empty": [],
                "n": -42,
                "yes": True,
                "none": None,
                "at": moment,
                "second": HOSTILE[1],
            },
        ).fetchone()
    assert row == (HOSTILE, [], -42, True, None, moment, True)


def test_a_value_is_never_read_as_a_placeholder() -> None:
    sql = render("select $a, $b", {"a": "$b", "b": "x"})
    assert sql == "select '$b', 'x'"


def test_values_that_cannot_be_written_are_refused() -> None:
    with pytest.raises(ValueError, match="NUL"):
        literal("a\x00b")
    with pytest.raises(ValueError, match="aware"):
        literal(datetime(2024, 1, 1))
    with pytest.raises(TypeError):
        literal(1.5)
    with pytest.raises(KeyError):
        render("select $missing", {"other": 1})
