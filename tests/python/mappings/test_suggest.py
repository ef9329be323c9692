"""suggest-mappings: fuzzy proposals for unmapped tags, written for review, read-only."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.mappings.suggest import (
    Candidate,
    SuggestError,
    UnmappedTag,
    read_unmapped,
    suggest,
    suggest_mappings,
)

MARTS_DDL = [
    "create schema marts",
    """create table marts.rpt_unmapped_tags (source varchar, tag_normalized varchar,
        tag_example varchar, ignored_reason varchar, n_tracks bigint, n_entities bigint,
        total_raw_weight double, is_ignored boolean)""",
    "create table marts.dim_genres (genre_id varchar, genre_name varchar)",
    "create table marts.dim_moods (mood_id varchar, mood_name varchar)",
    """create table marts.map_genre (source varchar, tag_normalized varchar, genre_id varchar,
        confidence double, tag_example varchar)""",
    """create table marts.map_mood (source varchar, tag_normalized varchar, mood_id varchar,
        confidence double, tag_example varchar)""",
    """insert into marts.rpt_unmapped_tags values
        ('lastfm', 'swedishdeathmetal', 'swedish death metal', null, 1, 12, 9.5, false),
        ('lastfm', 'shoegazey', 'shoegazey', null, 2, 3, 4.0, false),
        ('lastfm', 'melancolic', 'melancolic', null, 2, 3, 3.0, false),
        ('lastfm', 'seenlive', 'seen live', 'listening context', 40, 50, 30.0, true),
        ('lastfm', 'mycatlikesit', 'my cat likes it', null, 1, 1, 0.5, false)""",
    """insert into marts.dim_genres values ('metal', 'metal'), ('death_metal', 'death metal'),
        ('shoegaze', 'shoegaze'), ('rock', 'rock')""",
    "insert into marts.dim_moods values ('melancholic', 'melancholic'), ('happy', 'happy')",
    "insert into marts.map_genre values ('*', 'shoegazer', 'shoegaze', 1.0, 'shoegazer')",
    "insert into marts.map_mood values ('*', 'melancholy', 'melancholic', 1.0, 'melancholy')",
]


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "wh.duckdb"
    with duckdb.connect(str(path)) as connection:
        for statement in MARTS_DDL:
            connection.execute(statement)
    return path


def test_proposals_rank_the_closest_targets(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "review" / "suggestions.csv"
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        n_tags, suggestions = suggest_mappings(connection, out, top=10)
    assert n_tags == 4  # the ignored `seen live` is not read
    firsts = {s.tag_normalized: s for s in suggestions if s.rank == 1}
    assert firsts["swedishdeathmetal"].target_id == "death_metal"
    assert firsts["shoegazey"].target_id == "shoegaze"
    assert firsts["melancolic"].facet == "mood"
    assert firsts["melancolic"].target_id == "melancholic"
    assert "mycatlikesit" not in firsts
    assert all(0 < s.proposed_confidence <= 0.9 for s in suggestions)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(suggestions)
    assert {row["accept"] for row in rows} == {""}


def test_top_limits_to_the_heaviest_tags(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tags = read_unmapped(connection, top=1)
    assert [tag.tag_normalized for tag in tags] == ["swedishdeathmetal"]


def test_one_row_per_target_at_most_per_tag() -> None:
    tag = UnmappedTag("lastfm", "shoegazey", "shoegazey", 1, 1.0)
    candidates = [
        Candidate("genre", "shoegaze", "shoegaze", "shoegaze", "genre name", 1.0),
        Candidate("genre", "shoegaze", "shoegaze", "shoegazer", "mapped tag", 1.0),
    ]
    suggestions = suggest([tag], candidates, per_tag=3, min_similarity=50)
    assert [(s.target_id, s.rank) for s in suggestions] == [("shoegaze", 1)]


def test_missing_marts_say_to_run_dbt(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with (
        duckdb.connect(str(path), read_only=True) as connection,
        pytest.raises(SuggestError, match="dbt build"),
    ):
        suggest_mappings(connection, tmp_path / "out.csv")


def test_cli_writes_the_csv_and_applies_nothing(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    result = CliRunner().invoke(
        cli,
        ["suggest-mappings", "--top", "5", "--out", str(out)],
        env={"DUCKDB_PATH": str(warehouse)},
    )
    assert result.exit_code == 0, result.output
    assert "nothing was applied" in result.output
    assert out.is_file()
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute("select count(*) from marts.map_genre").fetchone() == (1,)


def test_cli_without_a_warehouse_explains(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["suggest-mappings", "--out", str(tmp_path / "s.csv")],
        env={"DUCKDB_PATH": str(tmp_path / "missing.duckdb")},
    )
    assert result.exit_code != 0
    assert "No warehouse" in result.output
    assert "Traceback" not in result.output


def test_cli_on_a_warehouse_in_use_explains(warehouse: Path, tmp_path: Path) -> None:
    # Another process (say a running `dbt build`) holds the file for writing.
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(60)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        result = CliRunner().invoke(
            cli,
            ["suggest-mappings", "--out", str(tmp_path / "s.csv")],
            env={"DUCKDB_PATH": str(warehouse)},
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code != 0
    assert "in use by another process" in result.output
    assert "Traceback" not in result.output
