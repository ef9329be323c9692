"""The Python tag normalisation agrees with the dbt macro, and spelling variants meet."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from fetchers.mappings.normalize import normalize_tag

MACRO = Path(__file__).resolve().parents[3] / "macros" / "normalize_tag.sql"

VARIANTS = [
    (["Hip-Hop", "hip hop", "hiphop", "HIP_HOP", " Hip  Hop "], "hiphop"),
    (
        [
            "drum and bass",
            "Drum n Bass",
            "drum & bass",
            "Drum 'n' Bass",
            "drum\u2019n\u2019bass",
            "Drum-and-Bass",
        ],
        "drumandbass",
    ),
    (["rock'n'roll", "Rock & Roll", "rock n roll", "Rock 'n' Roll"], "rockandroll"),
    (["R&B", "r & b", "R'n'B", "r n b"], "randb"),
    (["rhythm and blues", "Rhythm & Blues"], "rhythmandblues"),
    (["Musique Concrète"], "musiqueconcrète"),
    (["Raï"], "raï"),
    (["Folk, World, & Country"], "folkworldandcountry"),
    (["P.Funk", "P-Funk", "p funk"], "pfunk"),
    (["Oi!"], "oi"),
    (["Post-Punk", "post punk", "postpunk"], "postpunk"),
]

TRICKY = [
    "Guns N' Roses",
    "don't stop",
    "n",
    "N.W.A",
    "a-ha",
    "!!!",
    "",
    "  ",
    "10 of 10 stars",
    "Électro",
    "E\u0301lectro",
    "k-pop",
    "Kayōkyoku",
    "d'n'b",
    "Rock/Pop",
    "Urban/R&B",
    "children's",
    "Cut-up/DJ",
    "80s",
    "sad :(",
    "jazz&funk",
    "psy-trance",
    "ﬁlm",
]


@pytest.mark.parametrize(("spellings", "expected"), VARIANTS)
def test_variants_meet(spellings: list[str], expected: str) -> None:
    assert {normalize_tag(spelling) for spelling in spellings} == {expected}


def _macro_sql(expression: str) -> str:
    """The SQL the dbt macro renders on DuckDB (its default body around nfc_normalize)."""
    text = MACRO.read_text(encoding="utf-8")
    body = re.search(
        r"macro default__normalize_tag\(expression\) -%\}(.*?)\{%- endmacro", text, re.S
    )
    assert body is not None, "macros/normalize_tag.sql lost its default__normalize_tag"
    return body.group(1).replace("{{ expression }}", f"nfc_normalize({expression})")


@pytest.mark.parametrize("tag", [s for spellings, _ in VARIANTS for s in spellings] + TRICKY)
def test_python_matches_the_dbt_macro(tag: str) -> None:
    with duckdb.connect() as connection:
        row = connection.execute(f"select {_macro_sql('?::varchar')}", [tag]).fetchone()
    assert row is not None
    assert row[0] == normalize_tag(tag)


def test_normalisation_is_idempotent() -> None:
    for tag in [s for spellings, _ in VARIANTS for s in spellings] + TRICKY:
        assert normalize_tag(normalize_tag(tag)) == normalize_tag(tag)
