"""Fuzzy identity choice: the right candidate, or unresolved when it would be a guess."""

from __future__ import annotations

from fetchers.enrich import matching
from fetchers.enrich.parsers.musicbrainz import (
    RecordingCandidate,
    ReleaseCandidate,
    parse_recording_search,
)
from fetchers.enrich.resolve import choose_recording
from fetchers.enrich.rows import Subject

WWRY = (
    "musicbrainz/musicbrainz_rs_search_recording_we_will_rock_you_AND_arid_"
    "0383dadf-2a4e-4d10-a46a-e9e041da8eb3.json"
)
QUEEN = "0383dadf-2a4e-4d10-a46a-e9e041da8eb3"


def candidate(rid: str, title: str, credit: str, artist_id: str, **extra) -> RecordingCandidate:
    return RecordingCandidate(
        rid, title, extra.pop("length_ms", None), credit, (artist_id,), **extra
    )


def test_genuine_search_picks_queen_not_a_collaboration(fixture_body):
    candidates = parse_recording_search(fixture_body(WWRY))
    match = choose_recording(Subject(None, "Queen", "We Will Rock You", None), candidates)
    assert match.method == "search"
    chosen = next(c for c in candidates if c.recording_id == match.recording_id)
    assert chosen.artist_credit == "Queen" and chosen.artist_ids == (QUEEN,)
    # every candidate is kept with its score
    assert len(match.candidates) == len(candidates)
    assert all("score" in c for c in match.candidates)


def test_duration_selects_the_version_that_was_played(fixture_body):
    candidates = parse_recording_search(fixture_body(WWRY))
    short = [c for c in candidates if c.artist_credit == "Queen" and c.length_ms]
    target = min(short, key=lambda c: c.length_ms)
    match = choose_recording(
        Subject(None, "Queen", "We Will Rock You", None), candidates, duration_ms=target.length_ms
    )
    chosen = next(c for c in candidates if c.recording_id == match.recording_id)
    assert abs(chosen.length_ms - target.length_ms) < 2000


def test_two_artists_sharing_a_name_stay_unresolved():
    candidates = [
        candidate("us", "Lithium", "Nirvana", "nirvana-us", service_score=100),
        candidate("uk", "Lithium", "Nirvana", "nirvana-uk", service_score=100),
    ]
    match = choose_recording(Subject(None, "Nirvana", "Lithium", None), candidates)
    assert match.method == "unresolved" and match.recording_id is None
    assert {c["recording_id"] for c in match.candidates} == {"us", "uk"}


def test_below_threshold_is_unresolved():
    candidates = [candidate("x", "Hells Bells (Demo)", "Some Band", "b")]
    match = choose_recording(Subject(None, "AC/DC", "Hells Bells", None), candidates)
    assert match.method == "unresolved"


def test_live_version_is_not_preferred_and_spotify_suffix_is_ignored():
    candidates = [
        candidate("live", "Hells Bells", "AC/DC", "acdc", disambiguation="live", service_score=100),
        candidate("studio", "Hells Bells", "AC/DC", "acdc", service_score=90),
    ]
    match = choose_recording(
        Subject("spotify:track:x", "AC/DC", "Hells Bells - Remastered 2003", "Back In Black"),
        candidates,
    )
    assert match.recording_id == "studio"


def test_release_choice_groups_editions_of_one_release_group():
    def release(rid: str, group: str, title: str, status: str) -> ReleaseCandidate:
        return ReleaseCandidate(rid, title, "Adele", group, status, "2011", 100, 11)

    scored = [
        matching.Scored(
            c, matching.score_release(c, artist="Adele", album="21"), matching.release_rival_key(c)
        )
        for c in (
            release("a", "rg21", "21", "Official"),
            release("b", "rg21", "21", "Bootleg"),
            release("c", "rg-live", "Live at the Royal Albert Hall", "Official"),
        )
    ]
    choice = matching.choose(scored)
    assert choice.chosen is not None and choice.chosen.candidate.release_group_id == "rg21"


def test_lucene_escaping():
    query = matching.recording_query("AC/DC", 'Say "Hi" (Live)!', "Back: In Black")
    assert query == (
        'recording:"Say \\"Hi\\" \\(Live\\)\\!" AND artist:"AC\\/DC" AND release:"Back\\: In Black"'
    )


def test_spotify_title_suffixes_are_ignored():
    assert matching.clean_title("Hells Bells - Remastered 2003") == "Hells Bells"
    assert matching.clean_title("Ice Cream (with Selena Gomez)") == "Ice Cream"
    assert matching.clean_title("21 (Deluxe Edition)") == "21"
    assert matching.clean_title("Thinking Out Loud - feat. X") == "Thinking Out Loud"
    # a live recording keeps its suffix: it must not match the studio version
    assert matching.clean_title("Hells Bells - Live at Donington") == (
        "Hells Bells - Live at Donington"
    )
