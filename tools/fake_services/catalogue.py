"""A catalogue of artists, albums and tracks, and the responder that answers every request
enrichment sends about it, as MusicBrainz, Last.fm, Discogs and TheAudioDB would.

The demo cache builder fills a catalogue with the demo sample's real albums and hand-written
facts (`tools/demo_cache`); the enrichment benchmark with a synthetic one. What a service knows
is what the catalogue holds: an artist without MusicBrainz votes is unknown to `/artist/<id>`, a
track without Last.fm tags is Last.fm's error 6, an album without Discogs facts is no Discogs
master. Where a genuine body of an entity exists (tests/python/fixtures/api), it is served as it
is (`bodies`, keyed by service).

Searches are answered by reading the query: a MusicBrainz Lucene query's `release:`, `artist:`
and `recording:` phrases against titles without Spotify's version suffixes, Discogs' and
TheAudioDB's parameters against names as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from fetchers.enrich.matching import clean_title
from tools.fake_services import shapes
from tools.fake_services.server import Reply, Request
from tools.fake_services.shapes import Votes, synthetic_id, synthetic_number

TadbFacts = tuple[str, str, "str | None"]  # strGenre, strStyle, strMood
VARIOUS = "Various Artists"
LUCENE_FIELD = re.compile(r'(\w+):"((?:[^"\\]|\\.)*)"')
LUCENE_ESCAPE = re.compile(r"\\(.)")


@dataclass
class FakeArtist:
    name: str
    mbid: str = ""  # default: synthetic_id("artist", name)
    genres: Votes | None = None  # MusicBrainz genres; None: unknown to /artist/<id>
    tags: Votes = ()  # MusicBrainz tags
    lastfm_tags: tuple[str, ...] | None = None  # by rank; None: Last.fm's error 6
    tadb: TadbFacts | None = None  # None: TheAudioDB has no such artist
    bodies: dict[str, Any] = field(default_factory=dict)  # genuine bodies by service

    def __post_init__(self) -> None:
        self.mbid = self.mbid or synthetic_id("artist", self.name)


@dataclass
class FakeTrack:
    title: str
    artist: str  # the credited artist (on a compilation, not the album's)
    recording_id: str
    length_ms: int | None = None
    genres: Votes = ()  # MusicBrainz recording genres and tags
    tags: Votes = ()
    on_tracklist: bool = True  # False: a bonus track the release lookup does not list
    lastfm_tags: tuple[str, ...] | None = None
    tadb: TadbFacts | None = None
    bodies: dict[str, Any] = field(default_factory=dict)


@dataclass
class FakeAlbum:
    artist: str
    title: str
    year: int
    release_id: str
    release_group_id: str
    tracks: list[FakeTrack]
    group_genres: Votes = ()  # MusicBrainz release-group genres and tags
    group_tags: Votes = ()
    release_genres: Votes = ()  # MusicBrainz release genres and tags
    release_tags: Votes = ()
    discogs: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # (genres, styles)
    tadb: TadbFacts | None = None
    bodies: dict[str, Any] = field(default_factory=dict)

    @property
    def various(self) -> bool:
        return self.artist == VARIOUS


@dataclass
class Catalogue:
    albums: list[FakeAlbum]
    artists: dict[str, FakeArtist]  # by name; a name not listed has a synthetic MBID, no facts
    spotify_links: dict[str, str] = field(default_factory=dict)  # track URL -> recording id

    def artist(self, name: str) -> FakeArtist:
        return self.artists.get(name) or FakeArtist(name)


def lucene_fields(query: str) -> dict[str, str]:
    """The quoted phrases of a Lucene query by field, unescaped."""
    return {f: LUCENE_ESCAPE.sub(r"\1", v) for f, v in LUCENE_FIELD.findall(query)}


class CatalogueResponder:
    """`Request -> Reply` for every request enrichment sends about `catalogue`."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.by_release = {a.release_id: a for a in catalogue.albums}
        self.by_recording: dict[str, tuple[FakeAlbum, FakeTrack]] = {}
        self.by_names: dict[tuple[str, str], tuple[FakeAlbum, FakeTrack]] = {}
        for album in catalogue.albums:
            for track in album.tracks:
                self.by_recording[track.recording_id] = (album, track)
                self.by_names.setdefault(
                    (track.artist.lower(), track.title.lower()), (album, track)
                )
        self.by_mbid = {a.mbid: a for a in catalogue.artists.values()}

    def __call__(self, request: Request) -> Reply:
        answer = {
            "musicbrainz": self.musicbrainz,
            "lastfm": self.lastfm,
            "discogs": self.discogs,
            "theaudiodb": self.theaudiodb,
        }.get(request.service)
        if answer is None:
            raise AssertionError(f"no fake {request.service}")
        return answer(request)

    def _credit(self, name: str, *, with_tags: bool = False) -> list[dict[str, Any]]:
        artist = self.catalogue.artist(name)
        tagged = with_tags and artist.genres is not None
        return shapes.mb_credit(
            shapes.mb_artist(
                artist.mbid,
                name,
                genres=artist.genres if tagged else None,
                tags=artist.tags if tagged else None,
            )
        )

    # --- MusicBrainz ----------------------------------------------------------------------
    def musicbrainz(self, request: Request) -> Reply:
        path, one = request.path.rstrip("/"), request.one
        kind, _, entity_id = path.strip("/").partition("/")
        not_found = Reply(404, shapes.mb_not_found())
        if path == "/url":
            links = [
                (resource, self._recording_in_list(self.by_recording[recording][1]))
                for resource in request.query.get("resource", [])
                if (recording := self.catalogue.spotify_links.get(resource)) in self.by_recording
            ]
            return Reply(200, shapes.mb_url_lookup(links)) if links else not_found
        if path == "/release":
            albums = self._releases_found(lucene_fields(one["query"]))
            return Reply(200, shapes.mb_search("releases", [self._summary(a) for a in albums]))
        if path == "/recording":
            found = self._recordings_found(lucene_fields(one["query"]))
            return Reply(
                200,
                shapes.mb_search(
                    "recordings",
                    [
                        shapes.mb_recording_summary(
                            track.recording_id,
                            track.title,
                            self._credit(track.artist),
                            [shapes.mb_release_ref(a.release_id, a.title, a.release_group_id)],
                            length_ms=track.length_ms,
                        )
                        for a, track in found
                    ],
                ),
            )
        if kind == "release" and entity_id in self.by_release:
            album = self.by_release[entity_id]
            return Reply(200, album.bodies.get("musicbrainz") or self._release_lookup(album))
        if kind == "recording" and entity_id in self.by_recording:
            _, track = self.by_recording[entity_id]
            return Reply(
                200,
                track.bodies.get("musicbrainz")
                or shapes.mb_recording_lookup(
                    track.recording_id,
                    track.title,
                    self._credit(track.artist),
                    length_ms=track.length_ms,
                    genres=track.genres,
                    tags=track.tags,
                ),
            )
        if kind == "artist" and entity_id in self.by_mbid:
            artist = self.by_mbid[entity_id]
            if "musicbrainz" in artist.bodies:
                return Reply(200, artist.bodies["musicbrainz"])
            if artist.genres is not None:
                return Reply(
                    200,
                    shapes.mb_artist_lookup(artist.mbid, artist.name, artist.genres, artist.tags),
                )
        if kind in ("release", "recording", "artist", "isrc"):
            return not_found
        raise AssertionError(f"unexpected MusicBrainz path {path}")

    def _releases_found(self, fields: dict[str, str]) -> list[FakeAlbum]:
        """Artist and title (`release_query`): that artist's album of that title; title alone
        (`release_title_query`, compilations): every album of that title."""
        title = fields.get("release", "")
        if "artist" not in fields:
            return [a for a in self.catalogue.albums if clean_title(a.title) == title]
        found = [
            a
            for a in self.catalogue.albums
            if not a.various and clean_title(a.title) == title and a.artist == fields["artist"]
        ]
        return found[-1:]

    def _recordings_found(self, fields: dict[str, str]) -> list[tuple[FakeAlbum, FakeTrack]]:
        title, artist, release = (
            fields.get("recording"),
            fields.get("artist"),
            fields.get("release"),
        )
        found = {
            track.recording_id: (album, track)
            for album in self.catalogue.albums
            if release is None or clean_title(album.title) == release
            for track in album.tracks
            if clean_title(track.title) == title and track.artist == artist
        }
        return list(found.values())[-1:]

    def _summary(self, album: FakeAlbum) -> dict[str, Any]:
        listed = [t for t in album.tracks if t.on_tracklist]
        return shapes.mb_release_summary(
            album.release_id,
            album.title,
            date=str(album.year),
            credit=self._credit(album.artist),
            group=shapes.mb_release_group(
                album.release_group_id,
                album.title,
                secondary_types=("Compilation", "Soundtrack") if album.various else (),
            ),
            track_count=len(listed),
        )

    def _recording_in_list(self, track: FakeTrack) -> dict[str, Any]:
        return shapes.mb_recording(
            track.recording_id,
            track.title,
            self._credit(track.artist),
            length_ms=track.length_ms,
            genres=track.genres,
            tags=track.tags,
        )

    def _release_lookup(self, album: FakeAlbum) -> dict[str, Any]:
        listed = [t for t in album.tracks if t.on_tracklist]
        return shapes.mb_release_lookup(
            album.release_id,
            album.title,
            date=str(album.year),
            credit=self._credit(album.artist, with_tags=True),
            group=shapes.mb_release_group(
                album.release_group_id,
                album.title,
                first_release=str(album.year),
                genres=album.group_genres,
                tags=album.group_tags,
            ),
            tracks=[
                shapes.mb_medium_track(
                    synthetic_id("track", album.release_id, str(number)),
                    number,
                    track.title,
                    track.length_ms,
                    self._recording_in_list(track),
                )
                for number, track in enumerate(listed, start=1)
            ],
            genres=album.release_genres,
            tags=album.release_tags,
        )

    # --- Last.fm --------------------------------------------------------------------------
    def lastfm(self, request: Request) -> Reply:
        one = request.one
        method, artist_name = one.get("method"), one.get("artist", "")
        if method == "artist.getTopTags":
            artist = self.catalogue.artist(artist_name)
            if "lastfm" in artist.bodies:
                return Reply(200, artist.bodies["lastfm"])
            if artist.lastfm_tags is None:
                return Reply(200, shapes.lastfm_error(*shapes.LASTFM_ARTIST_NOT_FOUND))
            return Reply(200, shapes.lastfm_top_tags(artist.lastfm_tags, {"artist": artist_name}))
        track_name = one.get("track", "")
        _, track = self.by_names.get((artist_name.lower(), track_name.lower()), (None, None))
        if track is not None and "lastfm" in track.bodies:
            return Reply(200, track.bodies["lastfm"])
        if track is None or track.lastfm_tags is None:
            return Reply(200, shapes.lastfm_error(*shapes.LASTFM_TRACK_NOT_FOUND))
        attr = {"artist": artist_name, "track": track_name}
        return Reply(200, shapes.lastfm_top_tags(track.lastfm_tags, attr))

    # --- Discogs --------------------------------------------------------------------------
    def discogs(self, request: Request) -> Reply:
        path, one = request.path.rstrip("/"), request.one
        if path == "/database/search":
            album = self._discogs_album(one) if one.get("type") == "master" else None
            results = [] if album is None else [self._master_hit(album)]
            return Reply(200, shapes.discogs_search(results))
        kind, _, number = path.strip("/").partition("/")
        if kind == "masters" and number.isdigit():
            for album in self.catalogue.albums:
                if album.discogs and self._master_id(album) == int(number):
                    genres, styles = album.discogs
                    return Reply(
                        200,
                        shapes.discogs_master(
                            int(number), album.title, album.year, genres, styles, album.artist,
                            synthetic_number("artist", album.artist),
                        ),
                    )  # fmt: skip
        return Reply(404, shapes.discogs_not_found())

    def _discogs_album(self, one: dict[str, str]) -> FakeAlbum | None:
        artist = one.get("artist", "")
        album: FakeAlbum | None = None
        if "release_title" in one:
            album = next(
                (
                    a
                    for a in reversed(self.catalogue.albums)
                    if (a.artist, a.title) == (artist, one["release_title"])
                ),
                None,
            )
        elif "track" in one:
            found = self.by_names.get((artist.lower(), one["track"].lower()))
            album = found[0] if found and found[0].artist == artist else None
        return album if album is not None and album.discogs else None

    @staticmethod
    def _master_id(album: FakeAlbum) -> int:
        return synthetic_number("master", album.artist, album.title)

    def _master_hit(self, album: FakeAlbum) -> dict[str, Any]:
        genres, styles = album.discogs or ((), ())
        return shapes.discogs_master_hit(
            self._master_id(album), album.artist, album.title, album.year, genres, styles
        )

    # --- TheAudioDB -----------------------------------------------------------------------
    def theaudiodb(self, request: Request) -> Reply:
        endpoint, one = request.endpoint, request.one
        if endpoint in ("track-mb.php", "searchtrack.php"):
            found = (
                self.by_recording.get(one.get("i", ""))
                if endpoint == "track-mb.php"
                else self.by_names.get((one.get("s", "").lower(), one.get("t", "").lower()))
            )
            track = found[1] if found else None
            if track is not None and "theaudiodb" in track.bodies:
                return Reply(200, track.bodies["theaudiodb"])
            if track is None or track.tadb is None:
                return Reply(200, shapes.tadb_list("track", None))
            item = shapes.tadb_track(
                synthetic_number("tadb-track", track.artist, track.title),
                track.title, track.artist, track.tadb, track.recording_id,
            )  # fmt: skip
            return Reply(200, shapes.tadb_list("track", [item]))
        if endpoint in ("album-mb.php", "searchalbum.php"):
            matches = [
                a
                for a in self.catalogue.albums
                if one.get("i") == a.release_group_id
                or (one.get("s") == a.artist and one.get("a") == a.title)
            ]
            album = matches[-1] if matches else None
            if album is not None and "theaudiodb" in album.bodies:
                return Reply(200, album.bodies["theaudiodb"])
            if album is None or album.tadb is None:
                return Reply(200, shapes.tadb_list("album", None))
            item = shapes.tadb_album(
                synthetic_number("tadb-album", album.artist, album.title),
                synthetic_number("tadb-artist", album.artist),
                album.title, album.artist, album.year, album.tadb, album.release_group_id,
                self.catalogue.artist(album.artist).mbid,
            )  # fmt: skip
            return Reply(200, shapes.tadb_list("album", [item]))
        if endpoint in ("artist-mb.php", "search.php"):
            artist = next(
                (
                    a
                    for a in self.catalogue.artists.values()
                    if a.tadb is not None and (a.mbid == one.get("i") or a.name == one.get("s"))
                ),
                None,
            )
            if artist is None:
                return Reply(200, shapes.tadb_list("artist", None))
            if "theaudiodb" in artist.bodies:
                return Reply(200, artist.bodies["theaudiodb"])
            item = shapes.tadb_artist(
                synthetic_number("tadb-artist", artist.name),
                artist.name,
                artist.tadb or ("", "", None),
                artist.mbid,
            )
            return Reply(200, shapes.tadb_list("artist", [item]))
        raise AssertionError(f"unexpected TheAudioDB endpoint {endpoint}")
