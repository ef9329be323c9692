"""Read the method's data files (method/vocabularies/ and method/decisions/) into typed values.

Only reading and checking the shape of each file happens here (headers, required fields,
numbers in range, duplicates); what the rows mean is applied by tools/genre_tree.py and
tools/build_seeds.py. Every error names the file and line to fix.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import yaml

from fetchers.mappings.decision_files import (
    GENRE_TAGS_FILE,
    IGNORED_TAGS_FILE,
    MOOD_TAGS_FILE,
    DecisionFileError,
    TagReading,
    parse_fraction,
    read_readings,
    read_reasoned_tags,
    read_rows,
)
from fetchers.mappings.rules import AliasRule, read_aliases

TreeEdge = tuple[str, str | None]  # (genre name, parent name or None for a family)


@dataclass(frozen=True)
class Mood:
    mood_id: str
    mood_name: str
    valence: float
    arousal: float
    description: str


@dataclass(frozen=True)
class Weight:
    value: float
    reason: str


@dataclass(frozen=True)
class Vocabularies:
    """The vendored reference vocabularies, as the builder uses them."""

    beets_tree: list[TreeEdge]
    beets_genres: list[str]
    aliases: list[AliasRule]
    discogs: list[str]
    mtg_tags: list[str]


@dataclass(frozen=True)
class Decisions:
    """The reviewed decisions, one field per file of method/decisions/."""

    tree_renames: dict[str, str]
    tree_drops: dict[str, str]
    tree_moves: dict[str, str | None]
    tree_additions: list[TreeEdge]
    genre_tags: list[TagReading]
    mood_tags: list[TagReading]
    moods: list[Mood]
    ignored_tags: list[tuple[str, str]]
    mtg_themes: list[tuple[str, str]]
    genre_candidates: list[str]
    mood_candidates: list[str]
    entity_specificity: dict[str, Weight]
    source_reliability: dict[str, dict[str, Weight]]


# --- vocabularies ----------------------------------------------------------------------------


def _walk_tree(node: object, parent: str | None) -> list[TreeEdge]:
    if isinstance(node, list):
        return [edge for item in node for edge in _walk_tree(item, parent)]
    if isinstance(node, dict):
        edges: list[TreeEdge] = []
        for name, children in node.items():
            edges.append((str(name), parent))
            if children is not None:
                edges.extend(_walk_tree(children, str(name)))
        return edges
    return [] if node is None else [(str(node), parent)]


def read_beets_tree(path: Path) -> list[TreeEdge]:
    """(name, parent) pairs of the beets tree; a name listed twice keeps its first place."""
    seen: set[str] = set()
    edges: list[TreeEdge] = []
    for name, parent in _walk_tree(yaml.safe_load(path.read_text(encoding="utf-8")), None):
        if name not in seen:
            seen.add(name)
            edges.append((name, parent))
    return edges


def read_discogs(path: Path) -> list[str]:
    """Discogs genres and styles, in file order (`Genre: Style, Style, ...` per line)."""
    names: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        genre, _, styles = line.partition(": ")
        names.append(genre)
        names.extend(style.strip() for style in styles.split(", ") if style.strip())
    return names


def read_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_mtg_tags(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["tag"] for row in csv.DictReader(handle, delimiter="\t")]


def load_vocabularies(directory: Path) -> Vocabularies:
    try:
        return Vocabularies(
            beets_tree=read_beets_tree(directory / "genres-tree.yaml"),
            beets_genres=read_lines(directory / "genres.txt"),
            aliases=read_aliases(directory / "aliases.yaml"),
            discogs=read_discogs(directory / "discogs_styles.txt"),
            mtg_tags=read_mtg_tags(directory / "mtg_jamendo_moodtheme_tags.tsv"),
        )
    except FileNotFoundError as error:
        raise DecisionFileError(
            f"{error.filename} is missing: the vocabularies are vendored in method/vocabularies/"
        ) from error


# --- decisions -------------------------------------------------------------------------------


def _unique_mapping(
    path: Path, key_column: str, value_column: str, *, value_required: bool = True
) -> dict[str, str]:
    """{key: value} of a (key, value, note) decision file; a key listed twice is an error."""
    mapping: dict[str, str] = {}
    for line, row in read_rows(path, [key_column, value_column, "note"]):
        _required(path, line, row, key_column, *([value_column] if value_required else []))
        key = row[key_column]
        if key in mapping:
            raise DecisionFileError(f"{path}:{line}: {key!r} is listed twice")
        mapping[key] = row[value_column]
    return mapping


def _required(path: Path, line: int, row: dict[str, str], *columns: str) -> None:
    missing = [column for column in columns if not row[column]]
    if missing:
        raise DecisionFileError(f"{path}:{line}: {', '.join(missing)} required")


def read_moods(path: Path) -> list[Mood]:
    moods: list[Mood] = []
    columns = ["mood_id", "mood_name", "valence", "arousal", "description"]
    for line, row in read_rows(path, columns):
        _required(path, line, row, *columns)
        position = []
        for axis in ("valence", "arousal"):
            try:
                value = float(row[axis])
            except ValueError:
                raise DecisionFileError(f"{path}:{line}: {axis} is not a number") from None
            if not -1 <= value <= 1:
                raise DecisionFileError(f"{path}:{line}: {axis} {value} is not in [-1, 1]")
            position.append(value)
        moods.append(Mood(row["mood_id"], row["mood_name"], *position, row["description"]))
    ids = [mood.mood_id for mood in moods]
    if len(set(ids)) != len(ids):
        raise DecisionFileError(f"{path}: a mood_id is listed twice")
    return moods


def read_candidates(path: Path) -> dict[str, list[str]]:
    """facet -> candidate tags in file order (candidate_tags.csv)."""
    candidates: dict[str, list[str]] = {"genre": [], "mood": []}
    for line, row in read_rows(path, ["facet", "tag", "seen_in"]):
        _required(path, line, row, "facet", "tag")
        if row["facet"] not in candidates:
            raise DecisionFileError(f"{path}:{line}: facet must be `genre` or `mood`")
        candidates[row["facet"]].append(row["tag"])
    return candidates


def read_entity_specificity(path: Path) -> dict[str, Weight]:
    weights: dict[str, Weight] = {}
    for line, row in read_rows(path, ["entity_type", "specificity", "reason"]):
        _required(path, line, row, "entity_type", "specificity", "reason")
        if row["entity_type"] in weights:
            raise DecisionFileError(f"{path}:{line}: {row['entity_type']!r} is listed twice")
        value = parse_fraction(path, line, "specificity", row["specificity"])
        weights[row["entity_type"]] = Weight(value, row["reason"])
    return weights


def read_source_reliability(path: Path) -> dict[str, dict[str, Weight]]:
    weights: dict[str, dict[str, Weight]] = {}
    for line, row in read_rows(path, ["facet", "source", "reliability", "reason"]):
        _required(path, line, row, "facet", "source", "reliability", "reason")
        per_facet = weights.setdefault(row["facet"], {})
        if row["source"] in per_facet:
            raise DecisionFileError(f"{path}:{line}: {row['facet']}/{row['source']} twice")
        value = parse_fraction(path, line, "reliability", row["reliability"])
        per_facet[row["source"]] = Weight(value, row["reason"])
    return weights


def load_decisions(directory: Path) -> Decisions:
    additions = read_rows(directory / "tree_additions.csv", ["genre", "parent", "note"])
    for line, row in additions:
        _required(directory / "tree_additions.csv", line, row, "genre")
    candidates = read_candidates(directory / "candidate_tags.csv")
    return Decisions(
        tree_renames=_unique_mapping(directory / "tree_renames.csv", "beets_name", "new_name"),
        tree_drops=_unique_mapping(directory / "tree_drops.csv", "beets_name", "maps_to"),
        tree_moves={
            genre: parent or None
            for genre, parent in _unique_mapping(
                directory / "tree_moves.csv", "genre", "new_parent", value_required=False
            ).items()
        },
        tree_additions=[(row["genre"], row["parent"] or None) for _, row in additions],
        genre_tags=read_readings(directory / GENRE_TAGS_FILE),
        mood_tags=read_readings(directory / MOOD_TAGS_FILE),
        moods=read_moods(directory / "moods.csv"),
        ignored_tags=read_reasoned_tags(directory / IGNORED_TAGS_FILE),
        mtg_themes=read_reasoned_tags(directory / "mtg_themes.csv"),
        genre_candidates=candidates["genre"],
        mood_candidates=candidates["mood"],
        entity_specificity=read_entity_specificity(directory / "entity_specificity.csv"),
        source_reliability=read_source_reliability(directory / "source_reliability.csv"),
    )
