"""Reading proposals for unmapped tags, for a person to review (never applied automatically).

Reads marts.rpt_unmapped_tags (tags that read as neither a genre nor a mood) and proposes, for
the heaviest of them, genres and moods by three kinds of evidence:

  tree          the genre tree's names and the spelling rules of method/vocabularies/aliases.yaml
                read the tag as a genre (its own name, an alias, its last words: the builder's
                automatic rules, fetchers/mappings/rules.py);
  spelling      the tag is spelled like a genre or mood name or an already-mapped tag
                (rapidfuzz similarity);
  co-occurrence the tracks that carry the tag, by several artists, are by their distributions
                (marts.track_genres, marts.track_moods) mostly of one genre or mood, clearly
                more than tracks overall: this finds meanings that share no letters with any
                name (`reverb drenched` -> shoegaze).

A tag that is the name of an artist in the library (Last.fm's `Audioslave`, `ACDC`) is not read
as a genre or mood (its co-occurrence would only repeat that artist's genres): it is proposed for
ignored_tags.csv instead.

The proposals are written in the reviewed files' own format (method/decisions/genre_tags.csv and
mood_tags.csv, same columns), one `*` row per (tag, target), the evidence in words in `note`, and
artist names as rows of ignored_tags.csv: accepting one is copying the row into the file of the
same name, then `python -m tools.build_seeds` and a new `method_version`. Tags already claimed
by a `*` row of genre_tags.csv or mood_tags.csv (including rows that deliberately give no
reading) are not proposed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

import duckdb
from rapidfuzz import fuzz

from fetchers.mappings.decision_files import (
    GENRE_TAGS_FILE,
    IGNORED_TAGS_FILE,
    MOOD_TAGS_FILE,
    TagReading,
    write_readings,
    write_reasoned_tags,
)
from fetchers.mappings.normalize import normalize_tag
from fetchers.mappings.rules import AliasRule, index_genre_names, resolve_genre

# A proposal is never as sure as a reviewed name; co-occurrence shows relatedness, not synonymy,
# so it proposes at most a looser reading (the conventions are in method/README.md).
MAX_CONFIDENCE = 0.9
MAX_COOCCURRENCE_CONFIDENCE = 0.7
RULE_WORDING = {
    "name": "its own name",
    "alias": "a spelling rule of aliases.yaml",
    "suffix": "its last words",
}
KINDS = ("tree", "spelling", "co-occurrence")  # the order evidence is told in
ARTIST_NAME_REASON = "artist name"


def _counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class SuggestError(RuntimeError):
    """The warehouse does not hold what suggestions need; the message says what to run."""


@dataclass(frozen=True)
class UnmappedTag:
    """One unmapped tag over every source that has it."""

    tag_normalized: str
    tag_example: str  # its most common spelling in the heaviest source
    sources: tuple[str, ...]
    n_tracks: int  # tracks carrying it (the most of any one source)
    total_raw_weight: float


@dataclass(frozen=True)
class Candidate:
    """Something an unmapped tag could be spelled like: a genre, a mood, or a mapped tag."""

    facet: str  # 'genre' | 'mood'
    target_id: str
    target_name: str
    matched_text: str  # the name or mapped tag the similarity was measured against
    matched_on: str  # 'genre name' | 'mood name' | 'mapped tag'
    confidence: float  # confidence of the mapped tag's row (1.0 for names)


@dataclass(frozen=True)
class Cooccurrence:
    """How much of the distribution of the tracks carrying a tag one target holds."""

    tag_normalized: str
    facet: str
    target_id: str
    target_name: str
    n_tracks_with_target: int  # carrying tracks whose distribution has the target
    n_tracks: int  # carrying tracks with any distribution of the facet
    n_artists: int  # artists of all the tracks carrying the tag
    share: float  # the target's share of those tracks' distributions, weighted by the tag
    overall_share: float  # the target's share over every track with a distribution


@dataclass(frozen=True)
class Evidence:
    """One reason to read a tag as a target, with the confidence it supports."""

    facet: str
    target_id: str
    target_name: str
    kind: str  # 'tree' | 'spelling' | 'co-occurrence'
    confidence: float
    words: str
    matched_length: int = 0  # for ties: `swedish death metal` is death metal before metal


@dataclass(frozen=True)
class Suggestion:
    tag: UnmappedTag
    rank: int
    n_alternatives: int
    facet: str
    target_id: str
    target_name: str
    proposed_confidence: float
    evidence: tuple[Evidence, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(evidence.kind for evidence in self.evidence)

    def note(self) -> str:
        """The evidence in words, for the reviewer (and the reviewed file's `note`)."""
        told = sorted(self.evidence, key=lambda evidence: KINDS.index(evidence.kind))
        reasons = "; ".join(evidence.words for evidence in told)
        sources = ", ".join(self.tag.sources)
        alternative = ""
        if self.n_alternatives > 1:
            alternative = (
                f"; alternative {self.rank} of {self.n_alternatives}: "
                "keep one unless the tag is a hybrid"
            )
        seen = f"seen on {_counted(self.tag.n_tracks, 'track')} from {sources}"
        return f"proposed: {reasons} ({seen}{alternative})"

    def reading(self) -> TagReading:
        """The row of the reviewed file: a genre by its name, a mood by its id."""
        target = self.target_name if self.facet == "genre" else self.target_id
        return TagReading("*", self.tag.tag_example, target, self.proposed_confidence, self.note())


@dataclass(frozen=True)
class SuggestOptions:
    per_tag: int = 3
    min_similarity: float = 80.0
    min_share: float = 0.3
    min_tracks: int = 2
    min_lift: float = 2.0
    min_artists: int = 3


UNMAPPED_QUERY = """
    select
        tag_normalized,
        arg_max(tag_example, total_raw_weight) as tag_example,
        list_sort(list(distinct source)) as sources,
        max(n_tracks) as n_tracks,
        sum(total_raw_weight) as total_raw_weight
    from marts.rpt_unmapped_tags
    where not is_ignored and tag_normalized not in (select unnest(?::varchar[]))
    group by tag_normalized
    order by total_raw_weight desc, n_tracks desc, tag_normalized
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

# For each asked tag: the tracks that carry it (weighted by its strongest evidence there), their
# genre/mood distributions, and each target's share of them next to its share over all tracks.
COOCCURRENCE_QUERY = """
    with
    carriers as (
        select tag_normalized, track_id, max(raw_weight) as raw_weight
        from marts.tag_evidence
        where tag_normalized in (select unnest(?::varchar[]))
        group by tag_normalized, track_id
    ),
    distributions as (
        select 'genre' as facet, track_id, genre_id as target_id, score from marts.track_genres
        union all
        select 'mood' as facet, track_id, mood_id as target_id, score from marts.track_moods
    ),
    names as (
        select 'genre' as facet, genre_id as target_id, genre_name as target_name
        from marts.dim_genres
        union all
        select 'mood' as facet, mood_id as target_id, mood_name as target_name
        from marts.dim_moods
    ),
    classified as (
        select facet, count(distinct track_id) as n_tracks from distributions group by facet
    ),
    overall as (
        select distributions.facet, target_id, sum(score) / any_value(classified.n_tracks) as share
        from distributions
        inner join classified on distributions.facet = classified.facet
        group by distributions.facet, target_id
    ),
    carried as (
        select carriers.tag_normalized, distributions.facet, carriers.track_id,
            carriers.raw_weight, distributions.target_id, distributions.score
        from carriers
        inner join distributions on carriers.track_id = distributions.track_id
    ),
    totals as (
        select tag_normalized, facet, count(*) as n_tracks, sum(raw_weight) as weight
        from (select distinct tag_normalized, facet, track_id, raw_weight from carried)
        group by tag_normalized, facet
    ),
    per_target as (
        select tag_normalized, facet, target_id,
            count(*) as n_tracks_with_target, sum(raw_weight * score) as weight
        from carried
        group by tag_normalized, facet, target_id
    ),
    spread as (
        select carriers.tag_normalized, count(distinct bridge.artist_id) as n_artists
        from carriers
        inner join marts.bridge_track_artists as bridge on carriers.track_id = bridge.track_id
        group by carriers.tag_normalized
    )
    select per_target.tag_normalized, per_target.facet, per_target.target_id, names.target_name,
        per_target.n_tracks_with_target, totals.n_tracks, coalesce(spread.n_artists, 0),
        per_target.weight / totals.weight as share, overall.share as overall_share
    from per_target
    inner join totals
        on per_target.tag_normalized = totals.tag_normalized and per_target.facet = totals.facet
    inner join overall
        on per_target.facet = overall.facet and per_target.target_id = overall.target_id
    inner join names
        on per_target.facet = names.facet and per_target.target_id = names.target_id
    left join spread on per_target.tag_normalized = spread.tag_normalized
    order by 1, 2, 3
"""


def _query(connection: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> list[tuple]:
    try:
        return connection.execute(sql, params).fetchall()
    except duckdb.CatalogException as error:
        raise SuggestError(
            f"The warehouse lacks a mart suggestions read ({error}): run `dbt build` first."
        ) from error


def read_unmapped(
    connection: duckdb.DuckDBPyConnection, top: int, decided: AbstractSet[str] = frozenset()
) -> list[UnmappedTag]:
    """The `top` heaviest unmapped tags, over all sources, that are neither deliberately
    ignored nor in `decided` (normalised tags a reviewed row claims, not yet in the seeds)."""
    return [
        UnmappedTag(str(r[0]), str(r[1] or r[0]), tuple(r[2]), int(r[3]), float(r[4]))
        for r in _query(connection, UNMAPPED_QUERY, [sorted(decided), top])
    ]


def read_candidates(connection: duckdb.DuckDBPyConnection) -> list[Candidate]:
    """Genre and mood names and already-mapped tags, each with the target it stands for."""
    return [
        Candidate(str(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), float(r[5]))
        for r in _query(connection, CANDIDATES_QUERY, [])
    ]


def read_cooccurrence(
    connection: duckdb.DuckDBPyConnection, tags: Iterable[str]
) -> list[Cooccurrence]:
    """Per asked tag and target: its share of the carrying tracks' distributions."""
    rows = _query(connection, COOCCURRENCE_QUERY, [list(tags)])
    return [
        Cooccurrence(
            str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4]), int(r[5]), int(r[6]), *r[7:9]
        )
        for r in rows
    ]


def read_artist_names(connection: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Normalised artist name -> the artist's name, for every artist in the library."""
    rows = _query(connection, "select artist_name from marts.dim_artists order by 1", [])
    names: dict[str, str] = {}
    for (name,) in rows:
        if name and normalize_tag(str(name)):
            names.setdefault(normalize_tag(str(name)), str(name))
    return names


def similarity(tag_example: str, tag_normalized: str, candidate_text: str) -> float:
    """0-100: the better of the normalised forms' similarity and the words' similarity.

    Normalised forms catch spelling variants (`synthpop` / `synth-pop`, typos); comparing words
    catches a tag that contains a genre's name (`swedish death metal` / `death metal`).
    """
    on_normalized = fuzz.ratio(tag_normalized, normalize_tag(candidate_text))
    on_words = fuzz.token_set_ratio(tag_example.lower(), candidate_text.lower())
    return float(max(on_normalized, on_words))


def spelling_evidence(
    tag: UnmappedTag, candidates: list[Candidate], min_similarity: float
) -> list[Evidence]:
    found = []
    for candidate in candidates:
        score = similarity(tag.tag_example, tag.tag_normalized, candidate.matched_text)
        if score >= min_similarity:
            found.append(
                Evidence(
                    facet=candidate.facet,
                    target_id=candidate.target_id,
                    target_name=candidate.target_name,
                    kind="spelling",
                    confidence=round(MAX_CONFIDENCE * score / 100 * candidate.confidence, 2),
                    words=f"spelled {score:.0f}% like the {candidate.matched_on} "
                    f"`{candidate.matched_text}`",
                    matched_length=len(candidate.matched_text),
                )
            )
    return found


def tree_evidence(
    tag: UnmappedTag,
    genre_index: dict[str, str],
    genre_names: dict[str, str],
    aliases: list[AliasRule],
) -> list[Evidence]:
    reading = resolve_genre(tag.tag_example, genre_index, aliases)
    if reading is None:
        return []
    return [
        Evidence(
            facet="genre",
            target_id=reading.genre_id,
            target_name=genre_names[reading.genre_id],
            kind="tree",
            confidence=min(reading.confidence, MAX_CONFIDENCE),
            words=f"the genre tree reads it as {genre_names[reading.genre_id]} by "
            f"{RULE_WORDING[reading.rule]}",
            matched_length=len(genre_names[reading.genre_id]),
        )
    ]


def cooccurrence_evidence(
    cooccurrences: Iterable[Cooccurrence], options: SuggestOptions
) -> list[Evidence]:
    """Targets that hold at least `min_share` of the carrying tracks' distributions, on at
    least `min_tracks` of them, `min_lift` times their share over all tracks (so a genre
    everyone plays is not proposed for every tag), on tracks of at least `min_artists` artists
    (so one artist's genres are not read as the meaning of a tag only that artist has)."""
    found = []
    for c in cooccurrences:
        lift = c.share / c.overall_share
        if (
            c.share < options.min_share
            or c.n_tracks_with_target < options.min_tracks
            or lift < options.min_lift
            or c.n_artists < options.min_artists
        ):
            continue
        found.append(
            Evidence(
                facet=c.facet,
                target_id=c.target_id,
                target_name=c.target_name,
                kind="co-occurrence",
                confidence=round(MAX_COOCCURRENCE_CONFIDENCE * c.share, 2),
                words=f"{c.target_name} holds {c.share:.0%} of the {c.facet}s of the "
                f"{_counted(c.n_tracks, 'classified track')} carrying it, by "
                f"{_counted(c.n_artists, 'artist')} (is on {c.n_tracks_with_target} of them; "
                f"{c.overall_share:.0%} over all tracks, {lift:.1f}x)",
            )
        )
    return found


def _proposed_confidence(kept: Sequence[Evidence]) -> float:
    """The genre tree's own confidence where it reads the tag (the method's convention for that
    rule: 0.6 for a suffix), else the best other evidence's."""
    tree = [e.confidence for e in kept if e.kind == "tree"]
    return tree[0] if tree else max(e.confidence for e in kept)


def _supported_targets(evidence: Iterable[Evidence]) -> list[tuple[Evidence, ...]]:
    """Per target, the strongest evidence of each kind; best supported target first: the most
    kinds of evidence that agree, then the confidence, then the longer match."""
    by_target: dict[str, list[Evidence]] = {}
    for item in evidence:
        by_target.setdefault(item.target_id, []).append(item)
    supported = []
    for items in by_target.values():
        best_per_kind: dict[str, Evidence] = {}
        for item in sorted(items, key=lambda e: (-e.confidence, -e.matched_length)):
            best_per_kind.setdefault(item.kind, item)
        supported.append(tuple(best_per_kind.values()))
    return sorted(
        supported,
        key=lambda kept: (
            -len(kept),
            -_proposed_confidence(kept),
            -max(e.matched_length for e in kept),
            kept[0].target_id,
        ),
    )


def rank(tag: UnmappedTag, evidence: Sequence[Evidence], per_tag: int) -> list[Suggestion]:
    """Up to `per_tag` alternative genres and, separately, moods (a tag may read as both)."""
    suggestions = []
    for facet in ("genre", "mood"):
        chosen = _supported_targets(e for e in evidence if e.facet == facet)[:per_tag]
        suggestions.extend(
            Suggestion(
                tag=tag,
                rank=position,
                n_alternatives=len(chosen),
                facet=facet,
                target_id=kept[0].target_id,
                target_name=kept[0].target_name,
                proposed_confidence=_proposed_confidence(kept),
                evidence=kept,
            )
            for position, kept in enumerate(chosen, start=1)
        )
    return suggestions


@dataclass(frozen=True)
class ArtistNameTag:
    """An unmapped tag that is an artist's name: proposed for ignored_tags.csv."""

    tag: UnmappedTag
    artist_name: str


@dataclass(frozen=True)
class Proposals:
    n_tags: int  # unmapped tags read
    readings: list[Suggestion]
    artist_names: list[ArtistNameTag]


def suggest(
    unmapped: list[UnmappedTag],
    candidates: list[Candidate],
    cooccurrences: list[Cooccurrence],
    aliases: list[AliasRule],
    options: SuggestOptions | None = None,
) -> list[Suggestion]:
    """Proposals for each unmapped tag, heaviest tag first, best proposal first."""
    options = options or SuggestOptions()
    genre_names = {c.target_id: c.target_name for c in candidates if c.matched_on == "genre name"}
    genre_index = index_genre_names((name, genre_id) for genre_id, name in genre_names.items())
    by_tag: dict[str, list[Cooccurrence]] = {}
    for cooccurrence in cooccurrences:
        by_tag.setdefault(cooccurrence.tag_normalized, []).append(cooccurrence)
    suggestions: list[Suggestion] = []
    for tag in unmapped:
        evidence = [
            *tree_evidence(tag, genre_index, genre_names, aliases),
            *spelling_evidence(tag, candidates, options.min_similarity),
            *cooccurrence_evidence(by_tag.get(tag.tag_normalized, []), options),
        ]
        suggestions.extend(rank(tag, evidence, options.per_tag))
    return suggestions


def write_proposals(directory: Path, proposals: Proposals) -> dict[str, int]:
    """genre_tags.csv, mood_tags.csv and ignored_tags.csv in `directory`, each in the format of
    the reviewed file of the same name; returns the rows written per file."""
    written = {
        file_name: write_readings(
            directory / file_name,
            (s.reading() for s in proposals.readings if s.facet == facet),
        )
        for facet, file_name in (("genre", GENRE_TAGS_FILE), ("mood", MOOD_TAGS_FILE))
    }
    written[IGNORED_TAGS_FILE] = write_reasoned_tags(
        directory / IGNORED_TAGS_FILE,
        ((named.tag.tag_example, ARTIST_NAME_REASON) for named in proposals.artist_names),
    )
    return written


def suggest_mappings(
    connection: duckdb.DuckDBPyConnection,
    out: Path,
    *,
    aliases: list[AliasRule],
    decided: AbstractSet[str] = frozenset(),
    top: int = 50,
    options: SuggestOptions | None = None,
) -> tuple[Proposals, dict[str, int]]:
    """Read the unmapped tags, write proposals into the folder `out`; return them and the rows
    written per file.

    `decided` holds normalised tags a reviewed `*` row already claims: they are not proposed.
    """
    unmapped = read_unmapped(connection, top, decided)
    artists = read_artist_names(connection)
    named = [
        ArtistNameTag(tag, artists[tag.tag_normalized])
        for tag in unmapped
        if tag.tag_normalized in artists
    ]
    to_read = [tag for tag in unmapped if tag.tag_normalized not in artists]
    readings = suggest(
        to_read,
        read_candidates(connection),
        read_cooccurrence(connection, [tag.tag_normalized for tag in to_read]),
        aliases,
        options,
    )
    proposals = Proposals(len(unmapped), readings, named)
    return proposals, write_proposals(out, proposals)
