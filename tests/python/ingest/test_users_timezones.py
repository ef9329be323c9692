"""--timezone is appended per user and kept until given again; a new user gets UTC and is told
so; `user set` (or `ingest --user --timezone` alone) changes a zone without an export."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner, Result

from fetchers.cli import cli

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


def _cli(warehouse: Warehouse, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"DUCKDB_PATH": str(warehouse.path)})


def test_user_set_changes_the_zone_without_an_export(warehouse: Warehouse) -> None:
    assert warehouse.ingest(ENDSONG).exit_code == 0
    result = _cli(warehouse, "user", "set", "endsong_user1", "--timezone", "Asia/Tokyo")
    assert result.exit_code == 0, result.output
    assert "time zone set to Asia/Tokyo (was UTC)" in result.output and "dbt build" in result.output
    assert current_zone(warehouse, "endsong_user1") == "Asia/Tokyo"
    again = _cli(warehouse, "user", "set", "endsong_user1", "--timezone", "Asia/Tokyo")
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert zones(warehouse) == [("endsong_user1", "UTC"), ("endsong_user1", "Asia/Tokyo")]
    assert warehouse.plays() == 2080  # nothing else touched


def test_ingest_with_user_and_timezone_and_no_path_sets_the_zone(warehouse: Warehouse) -> None:
    assert warehouse.ingest(ENDSONG).exit_code == 0
    result = warehouse.ingest("--user", "endsong_user1", "--timezone", "America/Lima")
    assert result.exit_code == 0, result.output
    assert current_zone(warehouse, "endsong_user1") == "America/Lima"
    for incomplete in (("--user", "endsong_user1"), ("--timezone", "UTC"), ()):
        refused = warehouse.ingest(*incomplete)
        assert refused.exit_code == 2 and "--user NAME --timezone TZ" in refused.output
    assert current_zone(warehouse, "endsong_user1") == "America/Lima"


def test_zone_set_before_the_first_export_is_kept(warehouse: Warehouse) -> None:
    name = "d'Arcy Zoë"
    result = _cli(warehouse, "user", "set", name, "--timezone", "Europe/Dublin")
    assert result.exit_code == 0, result.output
    assert "No export of theirs is loaded yet" in result.output
    loaded = warehouse.ingest(ENDSONG, "--user", name)
    assert loaded.exit_code == 0, loaded.output
    assert "UTC assumed" not in loaded.output
    assert current_zone(warehouse, name) == "Europe/Dublin"


def test_bad_user_set_is_refused(warehouse: Warehouse) -> None:
    assert _cli(warehouse, "user", "set", "x", "--timezone", "Mars/Base").exit_code == 2
    assert _cli(warehouse, "user", "set", "x").exit_code == 2  # --timezone is required
    assert _cli(warehouse, "user", "set", " ", "--timezone", "UTC").exit_code == 2
    assert zones(warehouse) == []


def test_new_user_without_timezone_is_told_utc_was_assumed_and_how_to_change_it(
    warehouse: Warehouse, make_json: Callable[..., Path]
) -> None:
    name = "it's me"
    result = warehouse.ingest(make_json("a.json", numbered_rows(2)), "--user", name)
    assert result.exit_code == 0, result.output
    hint = next(line for line in result.output.splitlines() if "UTC assumed" in line)
    assert f"python -m fetchers user set {shlex.quote(name)} --timezone" in hint
    # known users and users given a zone are not told again
    later = warehouse.ingest(make_json("b.json", numbered_rows(2, start=5)), "--user", name)
    given = warehouse.ingest(ENDSONG, "--timezone", "Europe/Oslo")
    assert "UTC assumed" not in later.output + given.output
