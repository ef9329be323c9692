"""The method is data: an edit to a file in method/decisions/ is an edit to the seeds, and a
method that contradicts itself is refused with the file and line to fix."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from fetchers.mappings.decision_files import METHOD_DIR, DecisionFileError
from tools.build_seeds import build, main


@pytest.fixture
def method(tmp_path: Path) -> Path:
    """A scratch copy of method/ to edit."""
    copy = tmp_path / "method"
    shutil.copytree(METHOD_DIR, copy)
    return copy


def _append(path: Path, *rows: list[str]) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _drop_rows(path: Path, first_field_values: set[str], column: int = 0) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if next(csv.reader([line]))[column] not in first_field_values]
    assert len(kept) < len(lines), f"nothing to drop in {path.name}"
    path.write_text("".join(kept), encoding="utf-8")


def _map(
    seeds: Path, name: str, target: str
) -> dict[tuple[str, str], dict[str, tuple[float, str]]]:
    with (seeds / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        mapping: dict[tuple[str, str], dict[str, tuple[float, str]]] = {}
        for row in csv.DictReader(handle):
            key = (row["source"], row["tag_normalized"])
            mapping.setdefault(key, {})[row[target]] = (float(row["confidence"]), row["rule"])
        return mapping


def test_an_added_row_is_a_seed_row(method: Path, tmp_path: Path) -> None:
    _append(
        method / "decisions" / "genre_tags.csv",
        ["*", "Reverb-Drenched", "shoegaze", "0.5", "test"],
        ["*", "Reverb-Drenched", "dream pop", "0.3", "test"],
        ["lastfm", "moody", "", "", "no genre from Last.fm"],
    )
    _append(method / "decisions" / "mood_tags.csv", ["*", "moody", "dark", "0.4", ""])
    build(method, tmp_path / "seeds")
    genres = _map(tmp_path / "seeds", "map_genre_tags", "genre_id")
    assert genres[("*", "reverbdrenched")] == {
        "shoegaze": (0.5, "curated"),
        "dream_pop": (0.3, "curated"),
    }
    assert ("lastfm", "moody") not in genres  # claimed with no reading: no row at all
    moods = _map(tmp_path / "seeds", "map_mood_tags", "mood_id")
    assert moods[("*", "moody")] == {"dark": (0.4, "curated")}


def test_a_row_without_a_reading_keeps_the_automatic_rules_off(
    method: Path, tmp_path: Path
) -> None:
    build(method, tmp_path / "before")
    assert ("*", "industrialmusical") not in _map(tmp_path / "before", "map_genre_tags", "genre_id")
    _drop_rows(method / "decisions" / "genre_tags.csv", {"industrial musical"}, column=1)
    _append(method / "decisions" / "candidate_tags.csv", ["genre", "industrial musical", "test"])
    build(method, tmp_path / "after")
    after = _map(tmp_path / "after", "map_genre_tags", "genre_id")
    assert after[("*", "industrialmusical")] == {"musical": (0.6, "suffix")}


def test_tree_edits_shape_the_tree(method: Path, tmp_path: Path) -> None:
    _append(method / "decisions" / "tree_moves.csv", ["shoegaze", "", "test: a family"])
    _append(method / "decisions" / "tree_additions.csv", ["blackgaze revival", "shoegaze", ""])
    build(method, tmp_path / "seeds")
    with (tmp_path / "seeds" / "genres.csv").open(encoding="utf-8", newline="") as handle:
        genres = {row["genre_id"]: row for row in csv.DictReader(handle)}
    assert genres["shoegaze"]["parent_genre_id"] == ""
    assert genres["shoegaze"]["top_level_genre_id"] == "shoegaze"
    assert genres["blackgaze_revival"]["top_level_genre_id"] == "shoegaze"
    assert genres["blackgaze_revival"]["origin"] == "curated"


def test_priors_follow_the_weights(method: Path, tmp_path: Path) -> None:
    path = method / "decisions" / "source_reliability.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("genre,theaudiodb,0.7,", "genre,theaudiodb,0.5,"), "utf-8")
    build(method, tmp_path / "seeds")
    with (tmp_path / "seeds" / "source_entity_priors.csv").open(encoding="utf-8") as handle:
        priors = {(r["source"], r["entity_type"], r["facet"]): r for r in csv.DictReader(handle)}
    assert priors[("theaudiodb", "album", "genre")]["prior"] == "0.35"  # 0.7 x 0.5
    assert priors[("theaudiodb", "album", "mood")]["prior"] == "0.63"  # unchanged: 0.7 x 0.9


@pytest.mark.parametrize(
    ("file_name", "rows", "message"),
    [
        (
            "genre_tags.csv",
            [["*", "gazey", "shoegaze", "0.7", ""], ["*", "gazey", "dream pop", "0.4", ""]],
            "sum to 1.1",
        ),
        ("genre_tags.csv", [["*", "zzz", "no such genre", "0.5", ""]], "not in the taxonomy"),
        ("genre_tags.csv", [["*", "zzz", "shoegaze", "1.5", ""]], r"not in \(0, 1\]"),
        ("genre_tags.csv", [["*", "zzz", "shoegaze", "", ""]], "or neither"),
        ("genre_tags.csv", [["*", "Shoe-Gazer", "rock", "1.0", ""]], "normalises alike"),
        ("mood_tags.csv", [["*", "zzz", "nostalgia", "0.5", ""]], "not in the taxonomy"),
        ("tree_moves.csv", [["no such node", "rock", ""]], "not in the tree"),
        ("tree_moves.csv", [["rock", "shoegaze", ""]], "cycle"),
        ("tree_additions.csv", [["shoegaze", "rock", ""]], "already has"),
        ("tree_renames.csv", [["no such node", "x", ""]], "does not have"),
        ("ignored_tags.csv", [["Prog", "test"]], "both ignored"),
        ("entity_specificity.csv", [["artist", "0.2", "again"]], "listed twice"),
        ("moods.csv", [["glum", "glum", "-1.5", "0", "x"]], r"not in \[-1, 1\]"),
        ("candidate_tags.csv", [["mood", "glum", "test"]], "neither read"),
    ],
)
def test_contradictions_are_refused(
    method: Path, tmp_path: Path, file_name: str, rows: list[list[str]], message: str
) -> None:
    _append(method / "decisions" / file_name, *rows)
    with pytest.raises(ValueError, match=message):
        build(method, tmp_path / "seeds")


def test_a_split_that_sums_to_one_is_accepted(method: Path, tmp_path: Path) -> None:
    _append(
        method / "decisions" / "genre_tags.csv",
        ["*", "gazey", "shoegaze", "0.6", ""],
        ["*", "gazey", "dream pop", "0.4", ""],
    )
    build(method, tmp_path / "seeds")
    assert set(_map(tmp_path / "seeds", "map_genre_tags", "genre_id")[("*", "gazey")]) == {
        "shoegaze",
        "dream_pop",
    }


def test_a_malformed_file_is_named_with_its_line(method: Path, tmp_path: Path) -> None:
    path = method / "decisions" / "genre_tags.csv"
    _append(path, ["*", "zzz", "shoegaze"])
    lines = len(path.read_text(encoding="utf-8").splitlines())
    with pytest.raises(DecisionFileError, match=rf"genre_tags\.csv:{lines}: expected 5 fields"):
        build(method, tmp_path / "seeds")


def test_a_wrong_header_is_refused(method: Path, tmp_path: Path) -> None:
    path = method / "decisions" / "tree_moves.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("genre,new_parent,note", "genre,parent,note", 1), "utf-8")
    with pytest.raises(DecisionFileError, match=r"tree_moves\.csv: the header"):
        build(method, tmp_path / "seeds")


def test_the_command_reports_counts_and_errors(
    method: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--method", str(method), "--seeds", str(tmp_path / "seeds")]) == 0
    committed = (METHOD_DIR.parent / "seeds" / "map_genre_tags.csv").read_text(encoding="utf-8")
    assert f"map_genre_tags: {len(committed.splitlines()) - 1} rows" in capsys.readouterr().out
    (method / "vocabularies" / "genres-tree.yaml").unlink()
    assert main(["--method", str(method), "--seeds", str(tmp_path / "seeds")]) == 1
    assert "genres-tree.yaml is missing" in capsys.readouterr().err
