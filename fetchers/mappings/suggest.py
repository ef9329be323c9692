"""Mapping suggestions for unmapped tags, for a person to review (never applied automatically).

Reads marts.rpt_unmapped_tags (tags that read as neither a genre nor a mood, by source) and
proposes, for the heaviest of them, the closest canonical genres and moods and already-mapped
tags by fuzzy string similarity (rapidfuzz). The result is a CSV; accepted rows go into
method/decisions/genre_tags.csv or mood_tags.csv, then `python -m tools.build_seeds` rebuilds the
seeds and `method_version` in dbt_project.yml is bumped.
"""

from __future__ import annotations

import csv
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import duckdb
from rapidfuzz import fuzz

from fetchers.mappings.normalize import normalize_tag


class SuggestError(RuntimeError):
    """The warehouse does not hold what suggestions need; the message says what to run."""


@dataclass(frozen=True)
class UnmappedTag:
    source: str
    tag_normalized: str
    tag_example: str
    n_tracks: int
    total_raw_weight: float


@dataclass(frozen=True)
class Candidate:
    """Something an unmapped tag could map to: a genre, a mood, or what a mapped tag maps to."""

    facet: str  # 'genre' | 'mood'
    target_id: str
    target_name: str
    matched_text: str  # the name or mapped tag the similarity was measured against
    matched_on: str  # 'genre name' | 'mood name' | 'mapped tag'
    confidence: float  # confidence of the mapped tag's row (1.0 for names)


@dataclass(frozen=True)
class Suggestion:
    source: str
    tag_normalized: str
    tag_example: str
    n_tracks: int
    total_raw_weight: float
    rank: int
    facet: str
    target_id: str
    target_name: str
    matched_on: str
    matched_text: str
    similarity: float
    proposed_confidence: float


UNMAPPED_QUERY = """
    select source, tag_normalized, tag_example, n_tracks, total_raw_weight
    from marts.rpt_unmapped_tags
    where not is_ignored
    order by total_raw_weight desc, n_tracks desc, source, tag_normalized
    limit ?
"""

CANDIDATES_QUERY = """
    select 'genre', genre_id, genre_name, genre_name, 'genre name', 1.0 from marts.dim_genres
    union all
    select 'mood', mood_id, mood_name, mood_name, 'mood name', 1.0 from marts.dim_moods
    union all
    select 'genre', m.genre_id, g.genre_name, coalesce(m.tag_example, m.tag_normalized),
        'mapped tag', m.confidence
    from marts.map_genre as m inner join marts.dim_genres as g on m.genre_id = g.genre_id
    union all
    select 'mood', m.mood_id, d.mood_name, coalesce(m.tag_example, m.tag_normalized),
        'mapped tag', m.confidence
    from marts.map_mood as m inner join marts.dim_moods as d on m.mood_id = d.mood_id
"""


def read_unmapped(connection: duckdb.DuckDBPyConnection, top: int) -> list[UnmappedTag]:
    """The `top` heaviest unmapped tags that are not deliberately ignored."""
    try:
        rows = connection.execute(UNMAPPED_QUERY, [top]).fetchall()
    except duckdb.CatalogException as error:
        raise SuggestError(
            "The warehouse has no marts.rpt_unmapped_tags yet: run `dbt build` first."
        ) from error
    return [
        UnmappedTag(str(r[0]), str(r[1]), str(r[2] or r[1]), int(r[3]), float(r[4])) for r in rows
    ]


def read_candidates(connection: duckdb.DuckDBPyConnection) -> list[Candidate]:
    """Genre and mood names and already-mapped tags, each with the target it stands for."""
    try:
        rows = connection.execute(CANDIDATES_QUERY).fetchall()
    except duckdb.CatalogException as error:
        raise SuggestError(
            "The warehouse has no taxonomy marts (dim_genres, map_genre, ...): run `dbt build`."
        ) from error
    return [
        Candidate(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), float(r[5])) for r in rows
    ]


def similarity(tag_example: str, tag_normalized: str, candidate_text: str) -> float:
    """0-100: the better of the normalised forms' similarity and the words' similarity.

    Normalised forms catch spelling variants (`synthpop` / `synth-pop`, typos); comparing words
    catches a tag that contains a genre's name (`swedish death metal` / `death metal`).
    """
    on_normalized = fuzz.ratio(tag_normalized, normalize_tag(candidate_text))
    on_words = fuzz.token_set_ratio(tag_example.lower(), candidate_text.lower())
    return float(max(on_normalized, on_words))


def suggest(
    unmapped: list[UnmappedTag],
    candidates: list[Candidate],
    *,
    per_tag: int = 3,
    min_similarity: float = 80.0,
) -> list[Suggestion]:
    """Up to `per_tag` distinct targets per unmapped tag, best first, at `min_similarity` or above.

    The proposed confidence scales the similarity into (0, 0.9] (times the mapped tag's own
    confidence): a suggestion is never as sure as a curated name, and a reviewer sets the final one.
    """
    suggestions: list[Suggestion] = []
    for tag in unmapped:
        best: dict[tuple[str, str], tuple[float, Candidate]] = {}
        for candidate in candidates:
            score = similarity(tag.tag_example, tag.tag_normalized, candidate.matched_text)
            if score < min_similarity:
                continue
            key = (candidate.facet, candidate.target_id)
            if key not in best or score > best[key][0]:
                best[key] = (score, candidate)
        # Ties go to the longer match: `swedish death metal` is death metal before metal.
        ranked = sorted(
            best.values(),
            key=lambda item: (
                -item[0],
                -len(item[1].matched_text),
                item[1].facet,
                item[1].target_id,
            ),
        )[:per_tag]
        for rank, (score, candidate) in enumerate(ranked, start=1):
            suggestions.append(
                Suggestion(
                    source=tag.source,
                    tag_normalized=tag.tag_normalized,
                    tag_example=tag.tag_example,
                    n_tracks=tag.n_tracks,
                    total_raw_weight=round(tag.total_raw_weight, 6),
                    rank=rank,
                    facet=candidate.facet,
                    target_id=candidate.target_id,
                    target_name=candidate.target_name,
                    matched_on=candidate.matched_on,
                    matched_text=candidate.matched_text,
                    similarity=round(score, 1),
                    proposed_confidence=round(0.9 * score / 100 * candidate.confidence, 2),
                )
            )
    return suggestions


def write_suggestions(path: Path, suggestions: list[Suggestion]) -> None:
    """The review CSV: one row per (tag, proposed target), with an empty `accept` column."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([field.name for field in fields(Suggestion)] + ["accept"])
        for suggestion in suggestions:
            writer.writerow([*astuple(suggestion), ""])


def suggest_mappings(
    connection: duckdb.DuckDBPyConnection,
    out: Path,
    *,
    top: int = 50,
    per_tag: int = 3,
    min_similarity: float = 80.0,
) -> tuple[int, list[Suggestion]]:
    """Read the unmapped tags, write suggestions to `out`; return (tags read, suggestions)."""
    unmapped = read_unmapped(connection, top)
    suggestions = suggest(
        unmapped, read_candidates(connection), per_tag=per_tag, min_similarity=min_similarity
    )
    write_suggestions(out, suggestions)
    return len(unmapped), suggestions
