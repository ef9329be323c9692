"""Fuzzy scoring of MusicBrainz candidates against a played track or album (rapidfuzz).

A candidate's score is a weighted mean of title, artist, album and duration similarity (each
in [0, 1]; album and duration count only where known). A choice is accepted when the best
score reaches `threshold` and beats the best *different* candidate by `margin`; candidates
that differ only as versions of the same thing (same normalised title and credit, or releases
of the same release group) are not rivals. Otherwise the subject is left unresolved.

Names made of punctuation (`!!!`, `+/-`): normalisation strips every character, so such a
name is compared by its case-folded raw string instead (`comparable`), never scored as empty.

Compilations: the exports name a track's FIRST artist as the album artist, so a compilation
arrives as one export album per track artist. When the artist-constrained release search finds
nothing acceptable, a title-only search is tried; a release found that way is accepted only on
strong evidence (see `title_candidates` and `tracks_present`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz

from fetchers.enrich.parsers.musicbrainz import (
    VARIOUS_ARTISTS_ID,
    RecordingCandidate,
    ReleaseCandidate,
)

T = TypeVar("T")
THRESHOLD = 0.85
MARGIN = 0.05
TRACKLIST_THRESHOLD = 0.9  # a played title within a release's track list
ARTIST_THRESHOLD = 0.85  # a played artist among a listed track's credited artists
COMPILATION_TITLE_THRESHOLD = 0.9  # an export album's name against a title-search release
MAX_TITLE_RELEASE_GROUPS = 3  # more matching release groups than this: ambiguous, no lookup
LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/]|&&|\|\|)')
# " - Remastered 2011", " - 2015 Remaster", " - Single Version", " - Radio Edit", "(Remastered)"
VERSION_SUFFIX = re.compile(
    r"\s+-\s+[^-]*\b(remaster(ed)?|version|edit|mono|stereo|mix|single|deluxe|edition|feat|ft)\b.*$"
    r"|\s*[\(\[][^\)\]]*\b(remaster(ed)?|deluxe|edition|expanded|anniversary)\b[^\)\]]*[\)\]]"
    r"|\s*[\(\[](feat\.?|ft\.|featuring|with)\s[^\)\]]*[\)\]]"
    r"|\s*[\(\[][^\)\]]*\b(soundtrack|motion picture|original score)\b[^\)\]]*[\)\]]",
    re.IGNORECASE,
)
LIVE = re.compile(r"\blive\b", re.IGNORECASE)
# fewer alphanumerics than this left by normalisation: compare the raw strings instead
MIN_NORMALISED_ALNUM = 2


def lucene_phrase(text: str) -> str:
    """A quoted Lucene phrase with special characters escaped."""
    return '"' + LUCENE_SPECIAL.sub(r"\\\1", text.strip()) + '"'


def recording_query(artist: str, title: str, album: str | None) -> str:
    parts = [f"recording:{lucene_phrase(clean_title(title))}", f"artist:{lucene_phrase(artist)}"]
    if album:
        parts.append(f"release:{lucene_phrase(clean_title(album))}")
    return " AND ".join(parts)


def release_query(artist: str, album: str) -> str:
    return f"release:{lucene_phrase(clean_title(album))} AND artist:{lucene_phrase(artist)}"


def release_title_query(album: str) -> str:
    """The title-only release search (compilations): albums or compilations of that title."""
    return (
        f"release:{lucene_phrase(clean_title(album))} "
        "AND (primarytype:album OR secondarytype:compilation)"
    )


def clean_title(title: str) -> str:
    """The title without Spotify's version suffixes (" - Remastered 2011")."""
    return VERSION_SUFFIX.sub("", title).strip() or title.strip()


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text
    text = text.lower().replace("&", " and ")
    text = re.sub(r"\bthe\b", " ", text)
    return re.sub(r"[^\w]+", " ", text).strip()


def comparable(text: str) -> str:
    """The form two names are compared in: normalised (`normalise(clean_title(text))`), or,
    when that leaves almost nothing (`!!!`, `+/-`, `?`), the case-folded raw string with its
    whitespace collapsed, so that such names still match themselves and nothing else."""
    normalised = normalise(clean_title(text))
    if sum(character.isalnum() for character in normalised) >= MIN_NORMALISED_ALNUM:
        return normalised
    return " ".join(clean_title(text).casefold().split())


def similarity(a: str, b: str) -> float:
    a_n, b_n = normalise(clean_title(a)), normalise(clean_title(b))
    if not (a_n and a_n == b_n):  # not the same non-empty normal form: compare comparables
        a_n, b_n = comparable(a), comparable(b)
    if not a_n or not b_n:
        return 0.0
    return max(fuzz.ratio(a_n, b_n), fuzz.token_sort_ratio(a_n, b_n)) / 100.0


NUMBER = re.compile(r"\d+")


def title_similarity(a: str, b: str) -> float:
    """`similarity`, but 0 when the titles carry different numbers ("Vol. 1" vs "Vol. 2",
    "Now 85" vs "Now 86"): a volume of a series is never another volume."""
    numbers_a = sorted(NUMBER.findall(normalise(clean_title(a))))
    numbers_b = sorted(NUMBER.findall(normalise(clean_title(b))))
    return similarity(a, b) if numbers_a == numbers_b else 0.0


def artist_matches(artist: str, credited: Sequence[str]) -> bool:
    """The played artist is one of the credited artists (each compared on its own)."""
    return any(similarity(artist, name) >= ARTIST_THRESHOLD for name in credited if name)


def is_various_artists(credit: str, artist_ids: Sequence[str]) -> bool:
    return VARIOUS_ARTISTS_ID in artist_ids or normalise(credit) == "various artists"


def duration_similarity(a_ms: int | None, b_ms: int | None) -> float | None:
    if not a_ms or not b_ms:
        return None
    return max(0.0, 1.0 - abs(a_ms - b_ms) / 15000.0)  # 0 at 15 s apart


@dataclass(frozen=True)
class Scored(Generic[T]):
    candidate: T
    score: float
    rival_key: str  # candidates sharing a key are versions of one thing, not rivals


@dataclass(frozen=True)
class Choice(Generic[T]):
    chosen: Scored[T] | None
    scored: list[Scored[T]]
    runner_up: float | None


def _weighted(parts: Sequence[tuple[float | None, float]]) -> float:
    known = [(value, weight) for value, weight in parts if value is not None]
    total = sum(weight for _, weight in known)
    return sum(value * weight for value, weight in known) / total if total else 0.0


def score_recording(
    candidate: RecordingCandidate,
    *,
    artist: str,
    title: str,
    album: str | None,
    duration_ms: int | None,
) -> float:
    album_score = (
        max((similarity(album, r) for r in candidate.release_titles), default=0.0)
        if album and candidate.release_titles
        else None
    )
    duration_score = duration_similarity(duration_ms, candidate.length_ms)
    if duration_ms and not candidate.length_ms:
        duration_score = 0.5  # the play's duration is known, the candidate's is not
    score = _weighted(
        [
            (similarity(title, candidate.title), 0.45),
            (
                similarity(artist, candidate.artist_credit) if candidate.artist_credit else None,
                0.35,
            ),
            (album_score, 0.15),
            (duration_score, 0.15),
        ]
    )
    wanted_live = bool(LIVE.search(title))
    if not wanted_live and LIVE.search(candidate.disambiguation):
        score -= 0.1  # a live version when the play was not
    return round(max(score, 0.0), 4)


def score_release(candidate: ReleaseCandidate, *, artist: str, album: str) -> float:
    return round(
        _weighted(
            [
                (similarity(album, candidate.title), 0.6),
                (similarity(artist, candidate.artist_credit), 0.4),
            ]
        ),
        4,
    )


def choose(
    scored: list[Scored[T]],
    *,
    tie_break: Callable[[Scored[T]], tuple] = lambda s: (),
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
) -> Choice[T]:
    """The best candidate if it clears the threshold and its margin over any rival, else None."""
    ordered = sorted(scored, key=lambda s: (-s.score, *tie_break(s)))
    if not ordered:
        return Choice(None, ordered, None)
    best = ordered[0]
    rivals = [s.score for s in ordered[1:] if s.rival_key != best.rival_key]
    runner_up = rivals[0] if rivals else None
    accepted = best.score >= threshold and (runner_up is None or best.score - runner_up >= margin)
    return Choice(best if accepted else None, ordered, runner_up)


def recording_rival_key(candidate: RecordingCandidate) -> str:
    """Same title by the same credited artists (by MBID): versions, not rivals. Two artists who
    share a name stay rivals, so a homonym is never guessed."""
    artists = ",".join(sorted(candidate.artist_ids)) or comparable(candidate.artist_credit)
    return f"{comparable(candidate.title)}|{artists}"


def release_rival_key(candidate: ReleaseCandidate) -> str:
    return candidate.release_group_id or candidate.release_id


def title_candidates(
    album: str,
    candidates: Sequence[ReleaseCandidate],
    tie_break: Callable[[Scored[ReleaseCandidate]], tuple] = lambda s: (),
) -> list[Scored[ReleaseCandidate]]:
    """Title-search releases whose title matches the export album's (`title_similarity` >=
    COMPILATION_TITLE_THRESHOLD), ONE per release group (its preferred edition), best first.

    The result depends only on the album name and the search answer, so every export album of
    one compilation gets the same candidates, hence the same release."""
    scored = sorted(
        (
            Scored(c, round(title_similarity(album, c.title), 4), release_rival_key(c))
            for c in candidates
        ),
        key=lambda s: (-s.score, *tie_break(s)),
    )
    chosen: dict[str, Scored[ReleaseCandidate]] = {}
    for item in scored:
        if item.score >= COMPILATION_TITLE_THRESHOLD:
            chosen.setdefault(item.rival_key, item)
    return list(chosen.values())


@dataclass(frozen=True)
class ListedTrack:
    """A track of a release's track list: its title and its credited artists' names."""

    title: str
    artists: tuple[str, ...]


def tracks_present(
    artist: str, titles: Sequence[str], listed: Sequence[ListedTrack], *, various: bool
) -> float | None:
    """Evidence that an export album (artist, played titles) is part of a release: every played
    title is in the track list (>= TRACKLIST_THRESHOLD) credited to that artist, or, on a
    release credited to Various Artists, present at all. Returns the weakest title match, or
    None when a title is missing (or there is no title to check)."""
    if not titles:
        return None
    weakest = 1.0
    for title in titles:
        best = max(
            (
                similarity(title, track.title)
                for track in listed
                if various or artist_matches(artist, track.artists)
            ),
            default=0.0,
        )
        if best < TRACKLIST_THRESHOLD:
            return None
        weakest = min(weakest, best)
    return round(weakest, 4)
