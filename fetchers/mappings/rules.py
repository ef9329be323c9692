"""The automatic reading rules: how a tag reads as a genre when no reviewed row says otherwise.

Used by the seed builder (tools/build_seeds.py) for the rows it computes and by
`suggest-mappings` to read unmapped tags through the genre tree's names and aliases. A tag is
resolved by the first rule that applies:
  name     the tag is a genre's name (or its name with accents removed), confidence 1.0;
  alias    a spelling rule of aliases.yaml turns it into a genre's name, 0.9;
  suffix   its last words name a genre (`swedish death metal` -> death metal), 0.6;
a trailing word `music` is dropped first where that helps (`trance music` -> trance).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from fetchers.mappings.normalize import normalize_tag

CONFIDENCE_NAME = 1.0
CONFIDENCE_ALIAS = 0.9
CONFIDENCE_SUFFIX = 0.6

AliasRule = tuple[str, re.Pattern[str]]


@dataclass(frozen=True)
class RuleReading:
    genre_id: str
    confidence: float
    rule: str  # 'name' | 'alias' | 'suffix'


def ascii_fold(text: str) -> str:
    """The text without accents (`forró` -> `forro`); characters with no ASCII form dropped."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def read_aliases(path: Path) -> list[AliasRule]:
    """aliases.yaml (beets lastgenre format): {replacement: [pattern, ...]} in file order."""
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        (replacement, re.compile(pattern))
        for replacement, patterns in rules.items()
        for pattern in patterns
    ]


def apply_aliases(tag: str, rules: list[AliasRule]) -> str | None:
    """The canonical spelling the first fully matching rule gives (beets semantics), else None."""
    for replacement, pattern in rules:
        match = pattern.fullmatch(tag)
        if match:
            return match.expand(replacement)
    return None


def index_genre_names(genres: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Normalised genre name (as written and without accents) -> genre_id, from (name, id) pairs.

    Two genres whose names normalise alike would make a tag ambiguous: that is an error.
    """
    by_normalized: dict[str, str] = {}
    for name, genre_id in genres:
        for spelling in (name, ascii_fold(name)):
            key = normalize_tag(spelling)
            if by_normalized.setdefault(key, genre_id) != genre_id:
                raise ValueError(f"{spelling!r} normalises like {by_normalized[key]!r}")
    return by_normalized


def resolve_genre(
    tag: str, by_normalized: dict[str, str], rules: list[AliasRule]
) -> RuleReading | None:
    """The genre a tag reads as by the automatic rules, or None."""
    normalized = normalize_tag(tag)
    if normalized in by_normalized:
        return RuleReading(by_normalized[normalized], CONFIDENCE_NAME, "name")
    folded = normalize_tag(ascii_fold(tag))
    if folded in by_normalized:
        return RuleReading(by_normalized[folded], CONFIDENCE_NAME, "name")
    aliased = apply_aliases(tag.lower().strip(), rules)
    if aliased is not None and normalize_tag(aliased) in by_normalized:
        return RuleReading(by_normalized[normalize_tag(aliased)], CONFIDENCE_ALIAS, "alias")
    words = [word for word in re.split(r"[\s/]+", tag.lower().strip()) if word]
    if len(words) > 1 and words[-1] == "music":
        stripped = resolve_genre(" ".join(words[:-1]), by_normalized, rules)
        if stripped is not None:
            return RuleReading(
                stripped.genre_id, min(stripped.confidence, CONFIDENCE_ALIAS), stripped.rule
            )
    for start in range(1, len(words)):
        suffix = normalize_tag(" ".join(words[start:]))
        if suffix in by_normalized:
            return RuleReading(by_normalized[suffix], CONFIDENCE_SUFFIX, "suffix")
    return None
