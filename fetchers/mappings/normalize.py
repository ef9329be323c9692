"""The tag normalisation, mirrored from the dbt macro `normalize_tag` (macros/normalize_tag.sql).

Both must give the same result for every tag: the mapping seeds are keyed by this form and a dbt
singular test (tests/dbt/assert_map_seeds_use_normalized_tags.sql) checks every seed row against
the macro. Rules, in order:
  1. Unicode NFC, trim, lower case (accents are kept: `raï` stays `raï`);
  2. `&` becomes ` and `;
  3. a free-standing or apostrophised `n` between two words becomes ` and `
     (`drum n bass`, `rock'n'roll`, `drum 'n' bass`);
  4. everything that is not a letter or a digit is removed (spaces, hyphens, underscores,
     punctuation), so `Hip-Hop`, `hip hop` and `hiphop` all become `hiphop`.
"""

from __future__ import annotations

import re
import unicodedata

_AMPERSAND = re.compile(r"\s*&\s*")
_APOSTROPHES = "'\u2019"  # ASCII apostrophe and the typographic one
_APOSTROPHE_N = re.compile(rf"([^\W_])[\s_-]*[{_APOSTROPHES}]n[{_APOSTROPHES}]?[\s_-]*([^\W_])")
_SPACED_N = re.compile(rf"([^\W_])[\s_-]+n[{_APOSTROPHES}]?[\s_-]+([^\W_])")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def normalize_tag(text: str) -> str:
    """The canonical key of a tag: `Drum 'n' Bass` -> `drumandbass`, `Hip-Hop` -> `hiphop`."""
    value = unicodedata.normalize("NFC", text).strip().lower()
    value = _AMPERSAND.sub(" and ", value)
    value = _APOSTROPHE_N.sub(r"\1 and \2", value)
    value = _SPACED_N.sub(r"\1 and \2", value)
    return _NOT_LETTER_OR_DIGIT.sub("", value)
