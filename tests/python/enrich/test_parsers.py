"""Parsers on genuine response bodies (tests/python/fixtures/api, see PROVENANCE.md)."""

from __future__ import annotations

import pytest

from fetchers.enrich.parsers import discogs, lastfm, musicbrainz, theaudiodb

METEORA = "musicbrainz/musicbrainz_rs_lookup_release_c9d52105-5c20-3216-bc1b-e54918f8f688.json"
RITA_REYS = "musicbrainz/musicbrainz_rs_lookup_release_942b9e7b-3a43-4f22-b200-ab69ee302d16.json"


def test_musicbrainz_release_lookup_gives_full_track_list_and_evidence(fixture_body):
    detail = musicbrainz.parse_release_lookup(fixture_body(METEORA), "https://mb/release/x")
    assert detail.release_id == "c9d52105-5c20-3216-bc1b-e54918f8f688"
    assert detail.title == "Meteora"
    assert detail.artist_credit == "Linkin Park"
    assert len(detail.tracks) == 13
    third = detail.tracks[2]
    assert (third.disc_number, third.track_position, third.track_title) == (
        1,
        3,
        "Somewhere I Belong",
    )
    assert third.recording_id == "d342506d-8f07-4ed7-a06f-cfebd44be1dc"
    assert third.length_ms == 213933
    kinds = {(f.entity_type, f.entity_id) for f in detail.evidence}
    assert ("release", detail.release_id) in kinds
    assert ("release_group", detail.release_group_id) in kinds
    assert ("artist", "f59c5520-5f46-4d2c-b2c4-822eabf53419") in kinds
    assert ("recording", third.recording_id) in kinds
    group = next(f for f in detail.evidence if f.entity_type == "release_group")
    genres = {t.tag_raw: t for t in group.tags if t.tag_kind == "genre"}
    # nu metal has the most votes (15): weight 1; alternative metal 11/15
    assert genres["nu metal"].raw_weight == 1.0
    assert genres["alternative metal"].raw_weight == pytest.approx(11 / 15)
    assert genres["alternative metal"].raw_count == 11
    recording = next(
        f
        for f in detail.evidence
        if f.entity_type == "recording" and f.entity_id == third.recording_id
    )
    tags = {t.tag_raw: t.raw_weight for t in recording.tags if t.tag_kind == "tag"}
    assert tags["nu metal"] == 1.0 and tags["rock"] == pytest.approx(3 / 6)
    for fetch in detail.evidence:
        assert all(0 < t.raw_weight <= 1 for t in fetch.tags)
        assert fetch.request_url == "https://mb/release/x"


def test_musicbrainz_release_with_empty_release_genres_still_has_group_and_artists(fixture_body):
    detail = musicbrainz.parse_release_lookup(fixture_body(RITA_REYS), None)
    release = next(f for f in detail.evidence if f.entity_type == "release")
    assert release.status == "ok" and release.tags == []  # fetched, nothing there
    group = next(f for f in detail.evidence if f.entity_type == "release_group")
    assert {t.tag_raw for t in group.tags} == {"hard bop", "jazz"}
    artists = [f for f in detail.evidence if f.entity_type == "artist"]
    assert len(artists) == 3
    assert len(detail.tracks) == 12


def test_musicbrainz_artist_lookup_genres_and_tags(fixture_body):
    fetch = musicbrainz.parse_artist_lookup(
        fixture_body(
            "musicbrainz/musicbrainz_rs_lookup_artist_db92a151-1ac2-438b-bc43-b82e149ddd50.json"
        ),
        None,
    )
    assert fetch.entity_id == "db92a151-1ac2-438b-bc43-b82e149ddd50"
    genres = sorted(t.tag_raw for t in fetch.tags if t.tag_kind == "genre")
    assert genres == ["blue-eyed soul", "dance-pop", "pop"]
    tags = {t.tag_raw: t.raw_weight for t in fetch.tags if t.tag_kind == "tag"}
    assert tags["adult contemporary"] == pytest.approx(2 / 3)


def test_musicbrainz_recording_search_candidates(fixture_body):
    body = fixture_body(
        "musicbrainz/musicbrainz_rs_search_recording_we_will_rock_you_AND_arid_"
        "0383dadf-2a4e-4d10-a46a-e9e041da8eb3.json"
    )
    candidates = musicbrainz.parse_recording_search(body)
    assert len(candidates) == len(body["recordings"])
    first = candidates[0]
    assert first.recording_id == "3eb00f9f-6291-4a47-9309-8c7152a408bb"
    assert first.title == "We Will Rock You" and first.artist_credit == "Queen"
    assert first.service_score == 100
    assert "MTV Music History: The Greatest Hits III\u2013IV" in first.release_titles


def test_musicbrainz_isrc_search_has_tags_not_genres(fixture_body):
    body = fixture_body("musicbrainz/musicbrainz_rs_search_recording_isrc_GBAHT1600302.json")
    (candidate,) = musicbrainz.parse_isrc_lookup(body)
    assert "GBAHT1600302" in candidate.isrcs
    rows = musicbrainz.tag_rows(body["recordings"][0], "recording", candidate.recording_id)
    assert {r.tag_kind for r in rows} == {"tag"}
    assert max(r.raw_weight for r in rows) == 1.0


def test_musicbrainz_url_lookup_shapes(fixture_body):
    plain = fixture_body(
        "musicbrainz/musicbrainz_rs_lookup_url_46d8f693-52e4-4d03-936f-7ca8459019a7.json"
    )
    assert musicbrainz.parse_url_lookup(plain) == {"https://www.arvopart.ee/": []}
    recording = fixture_body("musicbrainz/picard_ws_data_recording.json")
    batch = {
        "url-count": 1,
        "url-offset": 0,
        "urls": [
            {
                "id": "u1",
                "resource": "https://open.spotify.com/track/abc",
                "relations": [{"target-type": "recording", "recording": recording}],
            }
        ],
    }
    linked = musicbrainz.parse_url_lookup(batch)
    (candidate,) = linked["https://open.spotify.com/track/abc"]
    assert candidate.recording_id == recording["id"]
    assert candidate.title == "Thinking Out Loud"


def test_musicbrainz_tag_rows_drop_zero_counts():
    rows = musicbrainz.tag_rows(
        {
            "tags": [
                {"name": "a", "count": 0},
                {"name": "b", "count": 4},
                {"name": "c", "count": -1},
            ]
        },
        "recording",
        "r",
    )
    assert [(r.tag_raw, r.raw_weight) for r in rows] == [("b", 1.0)]


def test_lastfm_track_top_tags(fixture_body):
    rows = lastfm.parse_top_tags(
        fixture_body("lastfm/lastfm_track.getTopTags_ACDC_HellsBells.json"),
        "track",
        "ac/dc\thells bells",
    )
    weights = {r.tag_raw: r.raw_weight for r in rows}
    assert weights["hard rock"] == 1.0
    assert weights["rock"] == pytest.approx(0.58)
    assert all(0 < r.raw_weight <= 1 and r.tag_kind == "tag" for r in rows)
    assert all(r.raw_count and r.raw_count > 0 for r in rows)


def test_lastfm_artist_top_tags_and_errors(fixture_body):
    rows = lastfm.parse_top_tags(
        fixture_body("lastfm/lastfm_artist.getTopTags_Audioslave.json"), "artist", "audioslave"
    )
    assert rows[0].tag_raw == "rock" and rows[0].raw_weight == 1.0
    empty = fixture_body("lastfm/lastfm_track.getTopTags_empty_mismatch.json")
    assert lastfm.parse_top_tags(empty, "track", "x") == []
    error = fixture_body("lastfm/lastfm_artist.getTopTags_error6_not_found.json")
    assert lastfm.is_not_found(error)
    assert lastfm.parse_top_tags(error, "artist", "x") == []


def test_lastfm_zero_counts_dropped():
    body = {"toptags": {"tag": [{"name": "a", "count": 0}, {"name": "b", "count": "7"}]}}
    rows = lastfm.parse_top_tags(body, "track", "t")
    assert [(r.tag_raw, r.raw_weight) for r in rows] == [("b", 0.07)]


def test_discogs_search_and_master(fixture_body):
    hits = discogs.parse_search(fixture_body("discogs/go-discogs_search_database_search.json"))
    assert hits[0].kind == "master" and hits[0].discogs_id == 1521183
    assert discogs.split_title(hits[0].title) == ("DJ Healer", "Nothing 2 Loose")
    old = discogs.parse_search(
        fixture_body(
            "discogs/python3-discogs-client_database_search_artist-trash80-title-icarus-"
            "per_page-50-page-1.json"
        )
    )
    assert all(h.kind in ("master", "release") for h in old)
    rows = discogs.parse_genres_styles(
        fixture_body("discogs/go-discogs_master_masters_1521183.json"), "release_group", "1521183"
    )
    assert [(r.tag_kind, r.tag_raw) for r in rows] == [
        ("genre", "Electronic"),
        ("style", "Ambient"),
        ("style", "Breakbeat"),
        ("style", "House"),
    ]
    assert all(r.raw_weight == 1.0 and r.raw_count is None for r in rows)
    release = discogs.parse_genres_styles(
        fixture_body("discogs/go-discogs_release_releases_71989.json"), "release", "71989"
    )
    assert ("style", "Progressive House") in [(r.tag_kind, r.tag_raw) for r in release]
    artist = fixture_body("discogs/go-discogs_artist_artists_6418741.json")
    assert discogs.parse_genres_styles(artist, "artist", "6418741") == []


def test_theaudiodb_track_album_artist(fixture_body):
    (track,) = theaudiodb.parse_items(
        fixture_body(
            "theaudiodb/theaudiodb_track.php_h-32724185_Coldplay_Trouble__zoomplayer.json"
        ),
        "track",
    )
    assert track.entity_id == "32724185"
    assert [(t.tag_kind, t.tag_raw) for t in track.tags] == [("genre", "Pop-Rock")]
    (album,) = theaudiodb.parse_items(
        fixture_body("theaudiodb/theaudiodb_searchalbum.php_Adele_21__zoomplayer.json"), "album"
    )
    # strTheme is "" (ignored), strMood "In Love"
    assert [(t.tag_kind, t.tag_raw) for t in album.tags] == [
        ("genre", "Soul"),
        ("style", "Rock/Pop"),
        ("mood", "In Love"),
    ]
    (artist,) = theaudiodb.parse_items(
        fixture_body("theaudiodb/theaudiodb_search.php_s-madonna__abc-artist.json"), "artist"
    )
    assert {(t.tag_kind, t.tag_raw) for t in artist.tags} >= {("genre", "Pop"), ("mood", "Happy")}
    element = fixture_body(
        "theaudiodb/theaudiodb_track_element_Metallica_NothingElseMatters__mediaportal2.json"
    )
    (metallica,) = theaudiodb.parse_items({"track": [element]}, "track")
    assert [(t.tag_kind, t.tag_raw) for t in metallica.tags] == [("genre", "Thrash Metal")]
    assert theaudiodb.parse_items({"track": None}, "track") == []
    assert theaudiodb.parse_items(None, "album") == []
