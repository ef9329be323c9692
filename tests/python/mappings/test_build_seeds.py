"""The committed seeds are what the builder makes of the method's data files in method/, and
they hold the properties the marts rely on."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fetchers.mappings.decision_files import METHOD_DIR, VOCABULARIES_DIR
from fetchers.mappings.normalize import normalize_tag
from tools.build_seeds import build
from tools.method_data import read_discogs

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "seeds"
SEED_FILES = [
    "genres",
    "moods",
    "map_genre_tags",
    "map_mood_tags",
    "source_entity_priors",
    "ignored_tags",
]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _genre_map() -> dict[tuple[str, str], dict[str, float]]:
    mapping: dict[tuple[str, str], dict[str, float]] = {}
    for row in _rows(SEEDS / "map_genre_tags.csv"):
        mapping.setdefault((row["source"], row["tag_normalized"]), {})[row["genre_id"]] = float(
            row["confidence"]
        )
    return mapping


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    build(METHOD_DIR, out)
    return out


@pytest.mark.parametrize("name", SEED_FILES)
def test_committed_seeds_are_up_to_date(rebuilt: Path, name: str) -> None:
    committed = (SEEDS / f"{name}.csv").read_text(encoding="utf-8")
    fresh = (rebuilt / f"{name}.csv").read_text(encoding="utf-8")
    assert committed == fresh, (
        f"seeds/{name}.csv differs from what the builder makes of method/: run "
        "`python -m tools.build_seeds` and review the diff"
    )


def test_tree_has_families_and_depth() -> None:
    genres = _rows(SEEDS / "genres.csv")
    families = {row["genre_id"] for row in genres if not row["parent_genre_id"]}
    assert 15 <= len(families) <= 25
    assert {"rock", "metal", "electronic", "hip_hop", "jazz", "classical", "rnb"} <= families
    by_id = {row["genre_id"]: row for row in genres}
    assert by_id["shoegaze"]["top_level_genre_id"] == "rock"
    assert by_id["tech_house"]["parent_genre_id"] == "house"
    assert by_id["trap"]["top_level_genre_id"] == "hip_hop"


def test_the_seeds_are_built_from_files_in_the_repository() -> None:
    assert METHOD_DIR.parent == ROOT
    assert {path.name for path in VOCABULARIES_DIR.iterdir()} >= {
        "genres-tree.yaml",
        "genres.txt",
        "aliases.yaml",
        "discogs_styles.txt",
        "mtg_jamendo_moodtheme_tags.tsv",
    }


def test_every_discogs_genre_and_style_is_mapped() -> None:
    mapped = {tag for _, tag in _genre_map()}
    names = read_discogs(VOCABULARIES_DIR / "discogs_styles.txt")
    assert [name for name in names if normalize_tag(name) not in mapped] == []


def test_spelling_variants_and_hybrids() -> None:
    mapping = _genre_map()
    assert mapping[("*", "hiphop")] == {"hip_hop": 1.0}
    assert mapping[("*", normalize_tag("Drum n Bass"))] == {"drum_and_bass": 1.0}
    assert mapping[("*", "dnb")] == {"drum_and_bass": 0.9}
    assert mapping[("*", "randb")] == mapping[("*", "rhythmandblues")] == {"rnb": 1.0}
    assert set(mapping[("*", "indie")]) == {"indie_rock", "indie_pop"}
    assert mapping[("discogs", "instrumental")] == {"instrumental_hip_hop": 0.7}
    assert ("*", "instrumental") not in mapping


def test_non_genre_tags_stay_unmapped() -> None:
    mapped = {tag for _, tag in _genre_map()}
    for tag in ["seen live", "favorites", "80s", "female vocalists", "british", "awesome"]:
        assert normalize_tag(tag) not in mapped, tag


def test_confidences_of_a_tag_sum_to_at_most_one() -> None:
    for key, targets in _genre_map().items():
        assert min(targets.values()) > 0 and sum(targets.values()) <= 1 + 1e-9, key


def test_priors_prefer_specific_evidence() -> None:
    priors = {
        (r["source"], r["entity_type"], r["facet"]): float(r["prior"])
        for r in _rows(SEEDS / "source_entity_priors.csv")
    }
    for source in ["musicbrainz", "lastfm", "theaudiodb"]:
        specific = priors.get((source, "recording", "genre")) or priors[(source, "track", "genre")]
        album = priors.get((source, "release", "genre")) or priors[(source, "album", "genre")]
        assert specific > album > priors[(source, "artist", "genre")]
    assert all(0 < prior <= 1 for prior in priors.values())
    assert not any(source == "discogs" and facet == "mood" for source, _, facet in priors)


def test_moods_lie_on_the_circumplex() -> None:
    moods = _rows(SEEDS / "moods.csv")
    assert len(moods) >= 24
    for row in moods:
        assert -1 <= float(row["valence"]) <= 1 and -1 <= float(row["arousal"]) <= 1
    by_id = {row["mood_id"]: row for row in moods}
    assert float(by_id["happy"]["valence"]) > 0 > float(by_id["sad"]["valence"])
    assert float(by_id["angry"]["arousal"]) > 0 > float(by_id["calm"]["arousal"])
