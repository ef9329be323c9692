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


# --- compilations: the title-only fallback and its evidence ---------------------------------
AWESOME = "Guardians of the Galaxy: Awesome Mix Vol. 1 (Original Motion Picture Soundtrack)"


def va_release(rid: str, title: str, group: str, status: str = "Official") -> ReleaseCandidate:
    return ReleaseCandidate(rid, title, "Various Artists", group, status, "2014", 100, 12)


def test_title_similarity_strips_soundtrack_suffix_and_keeps_volumes_apart():
    assert matching.clean_title(AWESOME) == "Guardians of the Galaxy: Awesome Mix Vol. 1"
    assert matching.title_similarity(AWESOME, "Guardians of the Galaxy: Awesome Mix, Vol. 1") == 1
    assert matching.title_similarity(AWESOME, AWESOME.replace("Vol. 1", "Vol. 2")) == 0.0
    # fuzzy ratio alone would call these the same album
    assert (
        matching.similarity("Now That's What I Call Music! 85", "Now That's What I Call Music! 86")
        > 0.9
    )
    assert (
        matching.title_similarity(
            "Now That's What I Call Music! 85", "Now That's What I Call Music! 86"
        )
        == 0.0
    )
    assert matching.release_title_query(AWESOME) == (
        'release:"Guardians of the Galaxy\\: Awesome Mix Vol. 1" '
        "AND (primarytype:album OR secondarytype:compilation)"
    )


def test_title_candidates_keep_one_edition_per_release_group():
    found = [
        va_release("bootleg", AWESOME, "rg-1", status="Bootleg"),
        va_release("digital", AWESOME, "rg-1"),
        va_release("vol2", AWESOME.replace("Vol. 1", "Vol. 2"), "rg-2"),
        va_release("score", "Guardians of the Galaxy (Original Score)", "rg-3"),
    ]
    tie_break = lambda s: (s.candidate.status != "Official", s.candidate.release_id)  # noqa: E731
    chosen = matching.title_candidates(AWESOME, found, tie_break)
    assert [c.candidate.release_id for c in chosen] == ["digital"]
    # the same answer gives the same release whichever export album asks
    assert matching.title_candidates(AWESOME, list(reversed(found)), tie_break) == chosen


LISTED = [
    matching.ListedTrack("Hooked on a Feeling", ("Blue Swede",)),
    matching.ListedTrack("Spirit in the Sky", ("Norman Greenbaum",)),
    matching.ListedTrack("Ain't No Mountain High Enough", ("Marvin Gaye", "Tammi Terrell")),
]


def test_tracks_present_by_that_artist():
    assert (
        matching.tracks_present("Blue Swede", ["Hooked On A Feeling"], LISTED, various=False) == 1.0
    )
    # the second credited artist counts; Spotify's suffixes are ignored
    assert matching.tracks_present(
        "Tammi Terrell", ["Ain't No Mountain High Enough - Remastered 2014"], LISTED,
        various=False,
    ) == 1.0  # fmt: skip
    # the title is there, but by another artist
    assert matching.tracks_present("Redbone", ["Spirit in the Sky"], LISTED, various=False) is None


def test_tracks_present_requires_every_played_title():
    titles = ["Spirit in the Sky", "Canned Ham"]
    assert matching.tracks_present("Norman Greenbaum", titles, LISTED, various=True) is None
    assert matching.tracks_present("Norman Greenbaum", [], LISTED, various=True) is None
    assert matching.tracks_present("Norman Greenbaum", ["Spirit in the Sky"], LISTED,
                                   various=False) == 1.0  # fmt: skip


def test_various_artists_release_accepts_the_title_alone():
    # credited differently on the release ("Björn Skifs" sang it): only a Various Artists
    # release accepts the title without the artist
    assert matching.tracks_present("Björn Skifs", ["Hooked on a Feeling"], LISTED, various=True)
    assert (
        matching.tracks_present("Björn Skifs", ["Hooked on a Feeling"], LISTED, various=False)
        is None
    )
    assert matching.is_various_artists("Various Artists", ())
    assert matching.is_various_artists("V.A.", (matching.VARIOUS_ARTISTS_ID,))
    assert not matching.is_various_artists("Blue Swede", ("x",))


def test_compilation_track_list_matches_title_and_artist():
    from fetchers.enrich.resolve import MusicBrainzResolver, ResolvedAlbum, RunMemory
    from fetchers.enrich.subjects import LandingState

    album = ResolvedAlbum(
        "release",
        "group",
        [],
        tracks=[("buckley", "Hallelujah", 413000), ("cohen", "Hallelujah", 277000)],
        various_artists=True,
        track_artists={"buckley": ("Jeff Buckley",), "cohen": ("Leonard Cohen",)},
    )
    resolver = MusicBrainzResolver(None, LandingState(), RunMemory())  # type: ignore[arg-type]
    album_name = "Hallelujah Covers"
    match = resolver._from_tracklist(
        Subject(None, "Leonard Cohen", "Hallelujah", album_name), album
    )
    assert match is not None and match.recording_id == "cohen"
    assert match.method == "album_tracklist"
    # two versions of the title by other artists are rivals: not a guess
    assert (
        resolver._from_tracklist(Subject(None, "k.d. lang", "Hallelujah", album_name), album)
        is None
    )


def test_names_that_normalise_to_nothing_match_by_their_raw_strings():
    # punctuation stripping leaves nothing of these names: compared case-folded, raw
    assert matching.normalise("!!!") == "" and matching.normalise("+/-") == ""
    assert matching.similarity("!!!", "!!!") == 1.0
    assert matching.similarity("+/-", "+/-") == 1.0
    assert matching.similarity("!!!", "+/-") == 0.0  # two such names stay apart
    assert matching.similarity("!!!", "Chk Chk Chk") < 0.5
    assert matching.similarity("The The", "the the") == 1.0  # "the" is dropped by normalise
    assert matching.similarity("-M-", "M") == 1.0  # same normal form: as before


def test_album_by_a_punctuation_artist_is_resolved():
    def release(rid: str, group: str, title: str, credit: str) -> ReleaseCandidate:
        return ReleaseCandidate(rid, title, credit, group, "Official", "2007", 100, 10)

    candidates = (
        release("myth", "rg-myth", "Myth Takes", "!!!"),
        release("cover", "rg-cover", "Myth Takes", "+/-"),  # another punctuation artist
        release("other", "rg-other", "Myth Takes (Remixes)", "Various Artists"),
    )
    scored = [
        matching.Scored(
            c,
            matching.score_release(c, artist="!!!", album="Myth Takes"),
            matching.release_rival_key(c),
        )
        for c in candidates
    ]
    choice = matching.choose(scored)
    assert choice.chosen is not None and choice.chosen.candidate.release_id == "myth"
    assert choice.chosen.score == 1.0
    assert {s.candidate.release_id: s.score for s in scored}["cover"] == 0.6


def test_recording_by_a_punctuation_artist_is_resolved():
    candidates = [
        candidate("mega", "Megacity", "+/-", "plus-minus", service_score=100),
        candidate("cover", "Megacity", "!!!", "chk", service_score=90),
    ]
    match = choose_recording(Subject(None, "+/-", "Megacity", None), candidates)
    assert match.method == "search" and match.recording_id == "mega"
    # a punctuation title by a punctuation artist
    untitled = [
        candidate("q", "?", "!!!", "chk", service_score=100),
        candidate("x", "!", "!!!", "chk", service_score=100),
    ]
    match = choose_recording(Subject(None, "!!!", "?", None), untitled)
    assert match.method == "search" and match.recording_id == "q"
    # versions of one punctuation title are not rivals of each other; other titles are
    assert matching.recording_rival_key(untitled[0]) != matching.recording_rival_key(untitled[1])
