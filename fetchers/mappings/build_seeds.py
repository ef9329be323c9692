"""Build the taxonomy and mapping seeds (seeds/*.csv) from the reference vocabularies.

    python -m fetchers.mappings.build_seeds [--reference DIR] [--seeds DIR]

(defaults: ../shared/reference/taxonomy and seeds/ of the repository)

Inputs: the beets genre tree and list, its aliases.yaml spelling rules, the Discogs genres and
styles, the MTG-Jamendo mood/theme tags (all in ../shared/reference/taxonomy) and the curated
decisions in fetchers/mappings/curation.py. Output: genres.csv, moods.csv, map_genre_tags.csv,
map_mood_tags.csv, source_entity_priors.csv, ignored_tags.csv. The CSVs are committed: they are the
versioned method; this script is how they were made and how they are changed (edit curation.py,
rebuild, review the diff, bump `method_version` in dbt_project.yml).

A tag is resolved to genres by the first rule that applies:
  curated  a row of CURATED_GENRE_TAGS (source-specific or `*`);
  name     the tag is a genre's name (or its name with accents removed);
  alias    a spelling rule of aliases.yaml turns it into a genre's name;
  suffix   its last words name a genre (`swedish death metal` -> death metal), confidence 0.6;
otherwise it stays unmapped (and shows in marts.rpt_unmapped_tags).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from fetchers.mappings import curation
from fetchers.mappings.normalize import normalize_tag

DEFAULT_REFERENCE = Path(__file__).resolve().parents[2].parent / "shared/reference/taxonomy"
DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CONFIDENCE_NAME = 1.0
CONFIDENCE_ALIAS = 0.9
CONFIDENCE_SUFFIX = 0.6

# TheAudioDB values seen in its responses (strGenre, strStyle, strMood), for coverage.
# fmt: off
THEAUDIODB_GENRES = (
    "Pop-Rock", "Thrash Metal", "Hip-Hop", "Rap", "R&B", "Soul", "Alternative Rock", "Indie",
    "Electronic", "Dance", "Country", "Folk", "Jazz", "Blues", "Reggae", "Latin", "Punk",
    "Metal", "Heavy Metal", "Hard Rock", "Classical", "Soundtrack", "World", "New Age",
    "Ambient", "Funk", "Gospel", "Disco", "House", "Techno", "Trance", "Drum & Bass",
    "Dubstep", "Grunge", "Emo", "Ska", "Singer-Songwriter", "Rock", "Pop", "Rock/Pop",
    "Urban/R&B", "Pop/Rock",
)
THEAUDIODB_MOODS = (
    "Happy", "Sad", "In Love", "Weird", "Energetic", "Relaxed", "Romantic", "Sensual",
    "Dreamy", "Melancholy", "Reflective", "Angry", "Aggressive", "Excited", "Cool",
    "Confident", "Fun", "Groovy", "Dark", "Sentimental", "Uplifting", "Mellow", "Rebellious",
    "Sexy",
)
# fmt: on


@dataclass(frozen=True)
class Genre:
    genre_id: str
    genre_name: str
    parent_genre_id: str | None
    top_level_genre_id: str
    depth: int
    origin: str


@dataclass(frozen=True)
class TagRow:
    source: str
    tag_normalized: str
    target_id: str
    confidence: float
    tag_example: str
    rule: str


def genre_id_for(name: str) -> str:
    """A stable slug: ASCII, lower case, `&` -> `n`, other runs of symbols -> `_`."""
    special = {
        "r&b": "rnb",
        "contemporary r&b": "contemporary_rnb",
        "alternative r&b": "alternative_rnb",
    }
    if name in special:
        return special[name]
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = folded.lower().replace("&", " and ").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_")


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _walk_tree(node: object, parent: str | None) -> Iterator[tuple[str, str | None]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk_tree(item, parent)
    elif isinstance(node, dict):
        for name, children in node.items():
            yield str(name), parent
            if children is not None:
                yield from _walk_tree(children, str(name))
    elif node is not None:
        yield str(node), parent


def read_beets_tree(path: Path) -> list[tuple[str, str | None]]:
    """(name, parent) pairs of the beets tree; a name listed twice keeps its first place."""
    seen: set[str] = set()
    pairs: list[tuple[str, str | None]] = []
    for name, parent in _walk_tree(yaml.safe_load(path.read_text(encoding="utf-8")), None):
        if name not in seen:
            seen.add(name)
            pairs.append((name, parent))
    return pairs


def edit_tree(pairs: list[tuple[str, str | None]]) -> dict[str, tuple[str | None, str]]:
    """Apply curation (drop, rename, re-parent, add): name -> (parent name, origin)."""
    dropped_parent = {name: parent for name, parent in pairs if name in curation.DROP_AS_ALIAS}

    def lift(parent: str | None) -> str | None:
        while parent in dropped_parent:
            parent = dropped_parent[parent]
        return parent

    def rename(name: str | None) -> str | None:
        return None if name is None else curation.RENAME.get(name, name)

    tree: dict[str, tuple[str | None, str]] = {}
    for name, parent in pairs:
        if name in curation.DROP_AS_ALIAS:
            continue
        tree[rename(name) or name] = (rename(lift(parent)), "beets")
    for name, new_parent in curation.REPARENT.items():
        if name not in tree:
            raise ValueError(f"REPARENT names {name!r}, which is not in the tree")
        tree[name] = (new_parent, tree[name][1])
    for name, parent in curation.ADD:
        if name in tree:
            raise ValueError(f"ADD names {name!r}, which the tree already has")
        tree[name] = (parent, "curated")
    for name, (parent, _) in tree.items():
        if parent is not None and parent not in tree:
            raise ValueError(f"{name!r} has parent {parent!r}, which is not in the tree")
    return tree


def genres_from_tree(tree: dict[str, tuple[str | None, str]]) -> list[Genre]:
    def ancestry(name: str) -> list[str]:
        chain = [name]
        while (parent := tree[chain[-1]][0]) is not None:
            if parent in chain:
                raise ValueError(f"cycle in the genre tree at {parent!r}")
            chain.append(parent)
        return chain

    genres = []
    ids: dict[str, str] = {}
    for name, (parent, origin) in tree.items():
        chain = ancestry(name)
        genre_id = genre_id_for(name)
        if genre_id in ids:
            raise ValueError(f"{name!r} and {ids[genre_id]!r} share the id {genre_id!r}")
        ids[genre_id] = name
        genres.append(
            Genre(
                genre_id=genre_id,
                genre_name=name,
                parent_genre_id=None if parent is None else genre_id_for(parent),
                top_level_genre_id=genre_id_for(chain[-1]),
                depth=len(chain) - 1,
                origin=origin,
            )
        )
    return sorted(genres, key=lambda genre: genre.genre_id)


def read_aliases(path: Path) -> list[tuple[str, re.Pattern[str]]]:
    """aliases.yaml: {replacement: [pattern, ...]} in file order."""
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        (replacement, re.compile(pattern))
        for replacement, patterns in rules.items()
        for pattern in patterns
    ]


def apply_aliases(tag: str, rules: list[tuple[str, re.Pattern[str]]]) -> str | None:
    """The canonical spelling the first matching rule gives (beets semantics), else None."""
    for replacement, pattern in rules:
        match = pattern.fullmatch(tag)
        if match:
            return match.expand(replacement.replace("\\", "\\"))
    return None


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
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    return [row["tag"] for row in rows]


def curated_rows(
    entries: Iterable[tuple[str, str, tuple[tuple[str, float], ...]]],
    id_for: dict[str, str],
) -> tuple[list[TagRow], set[tuple[str, str]]]:
    rows: list[TagRow] = []
    claimed: dict[tuple[str, str], tuple[tuple[str, float], ...]] = {}
    for source, tag, targets in entries:
        key = (source, normalize_tag(tag))
        if key in claimed:
            # Spelling variants that normalise alike are listed for the reader; they must agree.
            if claimed[key] != targets:
                raise ValueError(f"curated tag {tag!r} for {source!r} disagrees with a variant")
            continue
        claimed[key] = targets
        total = sum(confidence for _, confidence in targets)
        if total > 1.0 + 1e-9:
            raise ValueError(f"curated tag {tag!r}: confidences sum to {total} > 1")
        for target, confidence in targets:
            if target not in id_for:
                raise ValueError(f"curated tag {tag!r} maps to unknown {target!r}")
            rows.append(TagRow(source, key[1], id_for[target], confidence, tag, "curated"))
    return rows, set(claimed)


def resolve_genre(
    tag: str,
    by_normalized: dict[str, str],
    rules: list[tuple[str, re.Pattern[str]]],
) -> tuple[str, float, str] | None:
    """(genre_id, confidence, rule) for a tag by the automatic rules, or None."""
    normalized = normalize_tag(tag)
    if normalized in by_normalized:
        return by_normalized[normalized], CONFIDENCE_NAME, "name"
    folded = normalize_tag(ascii_fold(tag))
    if folded in by_normalized:
        return by_normalized[folded], CONFIDENCE_NAME, "name"
    aliased = apply_aliases(tag.lower().strip(), rules)
    if aliased is not None and normalize_tag(aliased) in by_normalized:
        return by_normalized[normalize_tag(aliased)], CONFIDENCE_ALIAS, "alias"
    words = [word for word in re.split(r"[\s/]+", tag.lower().strip()) if word]
    if len(words) > 1 and words[-1] == "music":
        stripped = resolve_genre(" ".join(words[:-1]), by_normalized, rules)
        if stripped is not None:
            return stripped[0], min(stripped[1], CONFIDENCE_ALIAS), stripped[2]
    for start in range(1, len(words)):
        suffix = normalize_tag(" ".join(words[start:]))
        if suffix in by_normalized:
            return by_normalized[suffix], CONFIDENCE_SUFFIX, "suffix"
    return None


def build_genre_map(
    genres: list[Genre],
    candidates: Iterable[str],
    rules: list[tuple[str, re.Pattern[str]]],
) -> list[TagRow]:
    id_for = {genre.genre_name: genre.genre_id for genre in genres}
    rows, claimed = curated_rows(curation.CURATED_GENRE_TAGS, id_for)
    by_normalized: dict[str, str] = {}
    for genre in genres:
        for spelling in (genre.genre_name, ascii_fold(genre.genre_name)):
            key = normalize_tag(spelling)
            if by_normalized.setdefault(key, genre.genre_id) != genre.genre_id:
                raise ValueError(f"{spelling!r} normalises like {by_normalized[key]!r}")
    ignored = {normalize_tag(tag) for tags in curation.IGNORED_TAGS.values() for tag in tags}
    names = [genre.genre_name for genre in genres]
    for tag in [
        *names,
        *(ascii_fold(name) for name in names),
        *curation.DROP_AS_ALIAS,
        *curation.RENAME,
        *candidates,
    ]:
        normalized = normalize_tag(tag)
        if not normalized or ("*", normalized) in claimed or normalized in ignored:
            continue
        resolved = resolve_genre(tag, by_normalized, rules)
        if tag in curation.DROP_AS_ALIAS:
            resolved = (id_for[curation.DROP_AS_ALIAS[tag]], CONFIDENCE_NAME, "name")
        elif tag in curation.RENAME:
            resolved = (id_for[curation.RENAME[tag]], CONFIDENCE_NAME, "name")
        if resolved is None:
            continue
        claimed.add(("*", normalized))
        rows.append(TagRow("*", normalized, resolved[0], resolved[1], tag, resolved[2]))
    return sorted(rows, key=lambda row: (row.tag_normalized, row.source, row.target_id))


def build_mood_map(mtg_tags: Iterable[str]) -> list[TagRow]:
    id_for = {mood[0]: mood[0] for mood in curation.MOODS}
    entries = [entry for entry in curation.CURATED_MOOD_TAGS if entry[2]]
    rows, claimed = curated_rows(entries, id_for)
    for mood_id, mood_name, *_ in curation.MOODS:
        normalized = normalize_tag(mood_name)
        if ("*", normalized) not in claimed:
            claimed.add(("*", normalized))
            rows.append(TagRow("*", normalized, mood_id, CONFIDENCE_NAME, mood_name, "name"))
    covered = {tag for _, tag in claimed} | {
        normalize_tag(tag) for tags in curation.IGNORED_TAGS.values() for tag in tags
    }
    unresolved = [
        tag
        for tag in [*mtg_tags, *THEAUDIODB_MOODS]
        if normalize_tag(tag) not in covered and tag not in curation.MTG_THEMES
    ]
    if unresolved:
        raise ValueError(f"mood tags neither mapped nor listed as themes: {unresolved}")
    return sorted(rows, key=lambda row: (row.tag_normalized, row.source, row.target_id))


def source_prior_rows() -> list[dict[str, object]]:
    rows = []
    for facet, sources in curation.SOURCE_RELIABILITY.items():
        for source, (reliability, source_reason) in sources.items():
            for entity_type, (specificity, entity_reason) in curation.ENTITY_SPECIFICITY.items():
                rows.append(
                    {
                        "source": source,
                        "entity_type": entity_type,
                        "facet": facet,
                        "prior": round(specificity * reliability, 4),
                        "entity_specificity": specificity,
                        "source_reliability": reliability,
                        "reason": f"{entity_reason}; {source}: {source_reason}",
                    }
                )
    return sorted(rows, key=lambda row: (row["source"], row["entity_type"], row["facet"]))


def ignored_rows(mtg_tags: Iterable[str]) -> list[dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for reason, tags in curation.IGNORED_TAGS.items():
        for tag in tags:
            rows.setdefault(
                normalize_tag(tag),
                {"tag_normalized": normalize_tag(tag), "reason": reason, "tag_example": tag},
            )
    for tag in curation.MTG_THEMES:
        if tag in mtg_tags:
            rows.setdefault(
                normalize_tag(tag),
                {
                    "tag_normalized": normalize_tag(tag),
                    "reason": "theme or use, not a mood",
                    "tag_example": tag,
                },
            )
    return sorted(rows.values(), key=lambda row: row["tag_normalized"])


def _write(path: Path, header: list[str], rows: Iterable[dict[str, object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: ("" if value is None else value) for key, value in row.items()})
            count += 1
    return count


def build(reference: Path, seeds: Path) -> dict[str, int]:
    """Write every seed CSV into `seeds`; return the row count of each file."""
    tree = edit_tree(read_beets_tree(reference / "genres-tree.yaml"))
    genres = genres_from_tree(tree)
    rules = read_aliases(reference / "aliases.yaml")
    discogs = read_discogs(reference / "discogs_styles.txt")
    mtg_tags = read_mtg_tags(reference / "mtg_jamendo_moodtheme_tags.tsv")
    candidates = [
        *read_lines(reference / "genres.txt"),
        *discogs,
        *curation.EXTRA_CANDIDATE_TAGS,
        *THEAUDIODB_GENRES,
    ]
    genre_map = build_genre_map(genres, candidates, rules)
    mapped = {row.tag_normalized for row in genre_map}
    missing = [name for name in discogs if normalize_tag(name) not in mapped]
    if missing:
        raise ValueError(f"Discogs genres/styles without a mapping: {missing}")
    mood_map = build_mood_map(mtg_tags)
    # An MTG theme that is a genre (`ballad`, `christmas`) is mapped, so not ignored.
    mapped_everywhere = {r.tag_normalized for r in [*genre_map, *mood_map] if r.source == "*"}
    ignored = [
        row
        for row in ignored_rows(mtg_tags)
        if not (
            row["reason"] == "theme or use, not a mood"
            and row["tag_normalized"] in mapped_everywhere
        )
    ]
    both = sorted({row["tag_normalized"] for row in ignored} & mapped_everywhere)
    if both:
        raise ValueError(f"tags both ignored and mapped for every source: {both}")
    seeds.mkdir(parents=True, exist_ok=True)
    counts = {
        "genres": _write(
            seeds / "genres.csv",
            ["genre_id", "genre_name", "parent_genre_id", "top_level_genre_id", "depth", "origin"],
            (vars(genre) for genre in genres),
        ),
        "moods": _write(
            seeds / "moods.csv",
            ["mood_id", "mood_name", "valence", "arousal", "description"],
            (
                {
                    "mood_id": m[0],
                    "mood_name": m[1],
                    "valence": m[2],
                    "arousal": m[3],
                    "description": m[4],
                }
                for m in curation.MOODS
            ),
        ),
        "map_genre_tags": _write(
            seeds / "map_genre_tags.csv",
            ["source", "tag_normalized", "genre_id", "confidence", "tag_example", "rule"],
            (
                {
                    "source": r.source,
                    "tag_normalized": r.tag_normalized,
                    "genre_id": r.target_id,
                    "confidence": r.confidence,
                    "tag_example": r.tag_example,
                    "rule": r.rule,
                }
                for r in genre_map
            ),
        ),
        "map_mood_tags": _write(
            seeds / "map_mood_tags.csv",
            ["source", "tag_normalized", "mood_id", "confidence", "tag_example", "rule"],
            (
                {
                    "source": r.source,
                    "tag_normalized": r.tag_normalized,
                    "mood_id": r.target_id,
                    "confidence": r.confidence,
                    "tag_example": r.tag_example,
                    "rule": r.rule,
                }
                for r in mood_map
            ),
        ),
        "source_entity_priors": _write(
            seeds / "source_entity_priors.csv",
            [
                "source",
                "entity_type",
                "facet",
                "prior",
                "entity_specificity",
                "source_reliability",
                "reason",
            ],
            source_prior_rows(),
        ),
        "ignored_tags": _write(
            seeds / "ignored_tags.csv",
            ["tag_normalized", "reason", "tag_example"],
            ignored,
        ),
    }
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    args = parser.parse_args(argv)
    try:
        counts = build(args.reference, args.seeds)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for name, count in counts.items():
        print(f"{name}: {count} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
