"""--timezone is appended per user and kept until given again; a new user gets UTC."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import ENDSONG, Warehouse, numbered_rows


def zones(warehouse: Warehouse) -> list[tuple[str, str]]:
    return warehouse.query(
        "select username, timezone from landing.user_settings order by username, set_at"
    )


def current_zone(warehouse: Warehouse, user: str) -> str:
    return warehouse.scalar(
        "select timezone from landing.user_settings where username = ? "
        "order by set_at desc limit 1",
        [user],
    )


def test_new_user_gets_utc_and_zone_is_kept_until_given_again(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    first, second, third = (
        make_json(f"part{i}.json", numbered_rows(3, start=10 * i)) for i in range(3)
    )
    assert warehouse.ingest(first, "--user", "tz").exit_code == 0
    assert zones(warehouse) == [("tz", "UTC")]

    result = warehouse.ingest(second, "--user", "tz", "--timezone", "Asia/Kolkata")
    assert result.exit_code == 0, result.output
    assert current_zone(warehouse, "tz") == "Asia/Kolkata"
    assert "time zone Asia/Kolkata" in result.output

    assert warehouse.ingest(third, "--user", "tz").exit_code == 0  # kept
    assert current_zone(warehouse, "tz") == "Asia/Kolkata"
    # the same zone again appends nothing; a new one is appended
    assert warehouse.ingest(first, "--user", "tz", "--timezone", "Asia/Kolkata").exit_code == 0
    assert warehouse.ingest(first, "--user", "tz", "--timezone", "America/Sao_Paulo").exit_code == 0
    assert zones(warehouse) == [
        ("tz", "UTC"),
        ("tz", "Asia/Kolkata"),
        ("tz", "America/Sao_Paulo"),
    ]


def test_timezone_applies_to_every_user_of_the_call(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    rows = numbered_rows(2, username="ann") + numbered_rows(2, username="bob")
    result = warehouse.ingest(make_json("endsong.json", rows), "--timezone", "Europe/Oslo")
    assert result.exit_code == 0, result.output
    assert zones(warehouse) == [("ann", "Europe/Oslo"), ("bob", "Europe/Oslo")]
    assert warehouse.ingest(ENDSONG).exit_code == 0
    assert current_zone(warehouse, "endsong_user1") == "UTC"
    assert current_zone(warehouse, "ann") == "Europe/Oslo"


def test_timezone_of_an_already_loaded_file_is_recorded(warehouse: Warehouse) -> None:
    assert warehouse.ingest(ENDSONG).exit_code == 0
    result = warehouse.ingest(ENDSONG, "--timezone", "Pacific/Auckland")
    assert result.exit_code == 0 and "already loaded" in result.output
    assert current_zone(warehouse, "endsong_user1") == "Pacific/Auckland"


def test_timezone_not_recorded_when_nothing_loaded(warehouse: Warehouse, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    result = warehouse.ingest(missing, "--user", "x", "--timezone", "Europe/Paris")
    assert result.exit_code == 1
    assert "--timezone Europe/Paris was not recorded" in result.output
    assert zones(warehouse) == []
