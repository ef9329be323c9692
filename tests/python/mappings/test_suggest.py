"""suggest-mappings: proposals from the genre tree, spelling and co-occurrence, written in the
reviewed files' own format, read-only."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from fetchers.cli import cli
from fetchers.mappings.decision_files import (
    GENRE_TAGS_FILE,
    IGNORED_TAGS_FILE,
    METHOD_DIR,
    MOOD_TAGS_FILE,
    VOCABULARIES_DIR,
    read_readings,
    read_reasoned_tags,
)
from fetchers.mappings.rules import read_aliases
from fetchers.mappings.suggest import (
    Candidate,
    SuggestError,
    Suggestion,
    SuggestOptions,
    UnmappedTag,
    read_candidates,
    read_cooccurrence,
    read_unmapped,
    suggest,
    suggest_mappings,
)
from tools.build_seeds import build

ALIASES = read_aliases(VOCABULARIES_DIR / "aliases.yaml")

# Eight tracks by eight artists: t1-t3 are shoegaze (and a little dream pop), t4-t8 hip hop;
# t1-t3 are melancholic, t4-t7 happy. `reverb drenched` and `rainy day` share no letters with
# any name; only the tracks that carry them say what they mean. `bangers` sits on hip hop
# tracks, which most tracks are: no evidence of a meaning of its own. `Slowdive` is an artist.
MARTS_DDL = [
    "create schema marts",
    """create table marts.rpt_unmapped_tags (source varchar, tag_normalized varchar,
        tag_example varchar, ignored_reason varchar, n_tracks bigint, n_entities bigint,
        total_raw_weight double, is_ignored boolean)""",
    """create table marts.tag_evidence (evidence_id varchar, track_id varchar, source varchar,
        entity_type varchar, entity_id varchar, tag_kind varchar, tag_raw varchar,
        tag_normalized varchar, raw_count double, raw_weight double, is_genre_mapped boolean,
        is_mood_mapped boolean, fetched_at timestamp)""",
    "create table marts.dim_genres (genre_id varchar, genre_name varchar)",
    "create table marts.dim_moods (mood_id varchar, mood_name varchar)",
    """create table marts.map_genre (source varchar, tag_normalized varchar, genre_id varchar,
        confidence double, tag_example varchar)""",
    """create table marts.map_mood (source varchar, tag_normalized varchar, mood_id varchar,
        confidence double, tag_example varchar)""",
    "create table marts.track_genres (track_id varchar, genre_id varchar, score double)",
    "create table marts.track_moods (track_id varchar, mood_id varchar, score double)",
    "create table marts.dim_artists (artist_id varchar, artist_name varchar)",
    """create table marts.bridge_track_artists (track_id varchar, artist_id varchar,
        artist_position integer)""",
    """insert into marts.dim_artists values ('a1', 'Slowdive'), ('a2', 'Ride'),
        ('a3', 'My Bloody Valentine'), ('a4', 'Nas'), ('a5', 'Mobb Deep'), ('a6', 'Gang Starr'),
        ('a7', 'Pete Rock & C.L. Smooth'), ('a8', 'Common')""",
    """insert into marts.bridge_track_artists
        select 't' || i, 'a' || i, 1 from range(1, 9) as r(i)""",
    """insert into marts.rpt_unmapped_tags values
        ('lastfm', 'swedishdeathmetal', 'swedish death metal', null, 1, 12, 9.5, false),
        ('lastfm', 'reverbdrenched', 'reverb drenched', null, 3, 1, 2.4, false),
        ('musicbrainz', 'reverbdrenched', 'Reverb Drenched', null, 1, 1, 0.5, false),
        ('lastfm', 'rainyday', 'rainy day', null, 3, 3, 3.0, false),
        ('lastfm', 'slowdive', 'Slowdive', null, 1, 1, 1.5, false),
        ('lastfm', 'bangers', 'bangers', null, 6, 6, 6.0, false),
        ('lastfm', 'shoegazey', 'shoegazey', null, 2, 3, 4.0, false),
        ('lastfm', 'melancolic', 'melancolic', null, 2, 3, 3.0, false),
        ('lastfm', 'seenlive', 'seen live', 'listening context', 40, 50, 30.0, true),
        ('lastfm', 'mycatlikesit', 'my cat likes it', null, 1, 1, 0.5, false)""",
    """insert into marts.tag_evidence
        select 'e' || row_number() over (), track_id, source, 'artist', artist, 'tag', tag_raw,
            tag_normalized, 100, raw_weight, false, false, timestamp '2026-01-01'
        from (values
            ('t1', 'lastfm', 'a1', 'reverb drenched', 'reverbdrenched', 0.8),
            ('t2', 'lastfm', 'a2', 'reverb drenched', 'reverbdrenched', 0.8),
            ('t3', 'lastfm', 'a3', 'reverb drenched', 'reverbdrenched', 0.8),
            ('t3', 'musicbrainz', 'a3', 'Reverb Drenched', 'reverbdrenched', 0.5),
            ('t1', 'lastfm', 'a1', 'rainy day', 'rainyday', 1.0),
            ('t2', 'lastfm', 'a2', 'rainy day', 'rainyday', 1.0),
            ('t3', 'lastfm', 'a3', 'rainy day', 'rainyday', 1.0),
            ('t1', 'lastfm', 'a1', 'Slowdive', 'slowdive', 1.0),
            ('t1', 'lastfm', 'a1', 'bangers', 'bangers', 1.0),
            ('t4', 'lastfm', 'a4', 'bangers', 'bangers', 1.0),
            ('t5', 'lastfm', 'a5', 'bangers', 'bangers', 1.0),
            ('t6', 'lastfm', 'a6', 'bangers', 'bangers', 1.0),
            ('t7', 'lastfm', 'a7', 'bangers', 'bangers', 1.0),
            ('t8', 'lastfm', 'a8', 'bangers', 'bangers', 1.0)
        ) as v(track_id, source, artist, tag_raw, tag_normalized, raw_weight)""",
    """insert into marts.dim_genres values ('metal', 'metal'), ('death_metal', 'death metal'),
        ('shoegaze', 'shoegaze'), ('dream_pop', 'dream pop'), ('rock', 'rock'),
        ('hip_hop', 'hip hop')""",
    """insert into marts.dim_moods values ('melancholic', 'melancholic'), ('happy', 'happy'),
        ('dark', 'dark')""",
    "insert into marts.map_genre values ('*', 'shoegazer', 'shoegaze', 1.0, 'shoegazer')",
    "insert into marts.map_mood values ('*', 'melancholy', 'melancholic', 1.0, 'melancholy')",
    """insert into marts.track_genres values
        ('t1', 'shoegaze', 0.7), ('t1', 'dream_pop', 0.3), ('t2', 'shoegaze', 0.7),
        ('t2', 'dream_pop', 0.3), ('t3', 'shoegaze', 0.7), ('t3', 'dream_pop', 0.3),
        ('t4', 'hip_hop', 1.0), ('t5', 'hip_hop', 1.0), ('t6', 'hip_hop', 1.0),
        ('t7', 'hip_hop', 1.0), ('t8', 'hip_hop', 1.0)""",
    """insert into marts.track_moods values ('t1', 'melancholic', 1.0), ('t2', 'melancholic', 1.0),
        ('t3', 'melancholic', 1.0), ('t4', 'happy', 1.0), ('t5', 'happy', 1.0),
        ('t6', 'happy', 1.0), ('t7', 'happy', 1.0)""",
]


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "wh.duckdb"
    with duckdb.connect(str(path)) as connection:
        for statement in MARTS_DDL:
            connection.execute(statement)
    return path


def _suggest(warehouse: Path, out: Path, **options: object) -> list[Suggestion]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        proposals, _ = suggest_mappings(
            connection, out, aliases=ALIASES, top=20, options=SuggestOptions(**options)
        )
    return proposals.readings


def _firsts(suggestions: list[Suggestion]) -> dict[tuple[str, str], Suggestion]:
    """The best proposal per (tag, facet): genres and moods are ranked apart."""
    return {(s.tag.tag_normalized, s.facet): s for s in suggestions if s.rank == 1}


def test_proposals_rank_the_closest_targets(warehouse: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        proposals, written = suggest_mappings(connection, tmp_path / "out", aliases=ALIASES)
    assert proposals.n_tags == 8  # the ignored `seen live` is not read; `reverb drenched` once
    suggestions = proposals.readings
    assert written == {
        GENRE_TAGS_FILE: sum(s.facet == "genre" for s in suggestions),
        MOOD_TAGS_FILE: sum(s.facet == "mood" for s in suggestions),
        IGNORED_TAGS_FILE: 1,
    }
    firsts = _firsts(suggestions)
    assert firsts[("swedishdeathmetal", "genre")].target_id == "death_metal"
    assert set(firsts[("swedishdeathmetal", "genre")].kinds) == {"tree", "spelling"}
    assert firsts[("shoegazey", "genre")].target_id == "shoegaze"
    assert firsts[("melancolic", "mood")].target_id == "melancholic"
    assert ("melancolic", "genre") not in firsts
    assert not {tag for tag, _ in firsts} & {"mycatlikesit"}
    assert all(0 < s.proposed_confidence <= 0.9 for s in suggestions)


def test_cooccurrence_finds_a_meaning_spelling_cannot(warehouse: Path, tmp_path: Path) -> None:
    firsts = _firsts(_suggest(warehouse, tmp_path / "out"))
    reverb = firsts[("reverbdrenched", "genre")]
    assert (reverb.facet, reverb.target_id, reverb.kinds) == (
        "genre",
        "shoegaze",
        ("co-occurrence",),
    )
    assert reverb.proposed_confidence == pytest.approx(0.7 * 0.7, abs=0.01)
    assert reverb.tag.sources == ("lastfm", "musicbrainz")
    rainy = firsts[("rainyday", "mood")]
    assert (rainy.facet, rainy.target_id, rainy.kinds) == (
        "mood",
        "melancholic",
        ("co-occurrence",),
    )
    # Spelling and the tree alone propose nothing for either tag.
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        unmapped = read_unmapped(connection, 20)
        candidates = read_candidates(connection)
    spelled = suggest(unmapped, candidates, [], ALIASES)
    assert {s.tag.tag_normalized for s in spelled} & {"reverbdrenched", "rainyday"} == set()


def test_cooccurrence_weighs_the_tag_on_each_track(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = read_cooccurrence(connection, ["reverbdrenched"])
    shoegaze = next(r for r in rows if r.target_id == "shoegaze")
    assert (shoegaze.n_tracks, shoegaze.n_tracks_with_target, shoegaze.n_artists) == (3, 3, 3)
    assert shoegaze.share == pytest.approx(0.7)
    assert shoegaze.overall_share == pytest.approx(3 * 0.7 / 8)


def test_a_genre_most_tracks_have_is_not_proposed_for_every_tag(
    warehouse: Path, tmp_path: Path
) -> None:
    # `bangers`: 5 of its 6 tracks are hip hop, but so are 5 of all 8 tracks (lift 1.3).
    assert ("bangers", "genre") not in _firsts(_suggest(warehouse, tmp_path / "a"))
    lenient = _firsts(_suggest(warehouse, tmp_path / "b", min_lift=1.0))
    assert lenient[("bangers", "genre")].target_id == "hip_hop"


@pytest.mark.parametrize("options", [{"min_tracks": 4}, {"min_artists": 4}])
def test_thin_evidence_is_not_enough(
    warehouse: Path, tmp_path: Path, options: dict[str, int]
) -> None:
    # Both tags sit on three tracks by three artists: asking for four of either drops them.
    firsts = _firsts(_suggest(warehouse, tmp_path / "out", **options))
    assert not {tag for tag, _ in firsts} & {"reverbdrenched", "rainyday"}


def test_an_artist_name_is_proposed_for_ignoring_not_reading(
    warehouse: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        proposals, _ = suggest_mappings(
            connection, out, aliases=ALIASES, options=SuggestOptions(min_artists=1)
        )
    assert [(n.tag.tag_example, n.artist_name) for n in proposals.artist_names] == [
        ("Slowdive", "Slowdive")
    ]
    assert "slowdive" not in {s.tag.tag_normalized for s in proposals.readings}
    assert read_reasoned_tags(out / IGNORED_TAGS_FILE) == [("Slowdive", "artist name")]


def test_accepting_a_proposal_is_copying_its_row(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "proposals"
    _suggest(warehouse, out)
    method = tmp_path / "method"
    shutil.copytree(METHOD_DIR, method)
    for name, tag in ((GENRE_TAGS_FILE, "reverb drenched"), (MOOD_TAGS_FILE, "rainy day")):
        lines = (out / name).read_text(encoding="utf-8").splitlines(keepends=True)
        reviewed = method / "decisions" / name
        assert lines[0] == reviewed.read_text(encoding="utf-8").splitlines(keepends=True)[0]
        accepted = [line for line in lines[1:] if next(csv.reader([line]))[1] == tag][:1]
        assert accepted, f"no proposal for {tag!r} in {name}"
        with reviewed.open("a", encoding="utf-8") as handle:
            handle.writelines(accepted)
        assert read_readings(reviewed)[-1].note.startswith("proposed: ")
    build(method, tmp_path / "seeds")
    with (tmp_path / "seeds" / "map_genre_tags.csv").open(encoding="utf-8") as handle:
        genres = [r for r in csv.DictReader(handle) if r["tag_normalized"] == "reverbdrenched"]
    assert [(r["source"], r["genre_id"], r["rule"]) for r in genres] == [
        ("*", "shoegaze", "curated")
    ]
    with (tmp_path / "seeds" / "map_mood_tags.csv").open(encoding="utf-8") as handle:
        moods = [r for r in csv.DictReader(handle) if r["tag_normalized"] == "rainyday"]
    assert [(r["mood_id"], r["confidence"]) for r in moods] == [("melancholic", "0.7")]
    # The ignored-tags proposal is the reviewed file's format too.
    accepted = (out / IGNORED_TAGS_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    with (method / "decisions" / IGNORED_TAGS_FILE).open("a", encoding="utf-8") as handle:
        handle.writelines(accepted[1:])
    build(method, tmp_path / "seeds")
    with (tmp_path / "seeds" / "ignored_tags.csv").open(encoding="utf-8") as handle:
        ignored = {r["tag_normalized"]: r["reason"] for r in csv.DictReader(handle)}
    assert ignored["slowdive"] == "artist name"


def test_tags_a_reviewer_decided_are_not_proposed(warehouse: Path, tmp_path: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        proposals, _ = suggest_mappings(
            connection, tmp_path / "out", aliases=ALIASES, decided={"shoegazey"}
        )
    assert proposals.n_tags == 7
    assert "shoegazey" not in {s.tag.tag_normalized for s in proposals.readings}


def test_top_limits_to_the_heaviest_tags(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tags = read_unmapped(connection, top=1)
    assert [tag.tag_normalized for tag in tags] == ["swedishdeathmetal"]


def test_one_row_per_target_at_most_per_tag() -> None:
    tag = UnmappedTag("shoegazey", "shoegazey", ("lastfm",), 1, 1.0)
    candidates = [
        Candidate("genre", "shoegaze", "shoegaze", "shoegaze", "genre name", 1.0),
        Candidate("genre", "shoegaze", "shoegaze", "shoegazer", "mapped tag", 1.0),
    ]
    suggestions = suggest([tag], candidates, [], ALIASES, SuggestOptions(min_similarity=50))
    assert [(s.target_id, s.rank) for s in suggestions] == [("shoegaze", 1)]
    assert suggestions[0].kinds == ("spelling",)


def test_missing_marts_say_to_run_dbt(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    with (
        duckdb.connect(str(path), read_only=True) as connection,
        pytest.raises(SuggestError, match="dbt build"),
    ):
        suggest_mappings(connection, tmp_path / "out", aliases=ALIASES)


def test_cli_writes_the_reviewed_format_and_applies_nothing(
    warehouse: Path, tmp_path: Path
) -> None:
    out = tmp_path / "s"
    result = CliRunner().invoke(
        cli,
        ["suggest-mappings", "--top", "10", "--out", str(out)],
        env={"DUCKDB_PATH": str(warehouse)},
    )
    assert result.exit_code == 0, result.output
    assert "nothing was applied" in result.output
    genre_rows = read_readings(out / GENRE_TAGS_FILE)
    mood_rows = read_readings(out / MOOD_TAGS_FILE)
    assert {r.source for r in genre_rows + mood_rows} == {"*"}
    assert ("reverb drenched", "shoegaze") in {(r.tag, r.target) for r in genre_rows}
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute("select count(*) from marts.map_genre").fetchone() == (1,)


def test_cli_refuses_a_csv_file_as_out(warehouse: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["suggest-mappings", "--out", str(tmp_path / "s.csv")],
        env={"DUCKDB_PATH": str(warehouse)},
    )
    assert result.exit_code != 0
    assert "names a folder" in result.output


def test_cli_without_a_warehouse_explains(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["suggest-mappings", "--out", str(tmp_path / "s")],
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
            ["suggest-mappings", "--out", str(tmp_path / "s")],
            env={"DUCKDB_PATH": str(warehouse)},
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code != 0
    assert "in use by another process" in result.output
    assert "Traceback" not in result.output
