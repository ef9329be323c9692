"""MusicBrainz identity resolution and evidence for a chunk of subjects.

Per export album (artist, album name): a release search, scored; the accepted release gets ONE
lookup (`inc=recordings+genres+tags+release-groups+artist-credits`) that gives its full track
list and the evidence of the release, its release group, its artists and every recording.

Compilations: the exports name the track's first artist as the album artist, so a compilation
arrives as one export album per track artist and the artist-constrained search finds nothing.
Then a title-only release search (one per album title and run, shared by those export albums)
gives the releases of that title (one edition per release group, `matching.title_candidates`);
each is looked up (once per release and run) and accepted only when its track list holds every
played title of the export album by that artist, or at all on a Various Artists release
(`matching.tracks_present`), and no other release group of that title does: never a guess. So
every export album of one compilation resolves to the same release (`title_search`).

Per track, in order, stopping at the first answer:
1. its Spotify link known to MusicBrainz: `/url?resource=https://open.spotify.com/track/<id>`
   with recording-rels, up to 100 resources per request, for all tracks of the run up front;
2. its ISRC where known (from Spotify, when SPOTIFY_CLIENT_ID/SECRET are set: `/isrc/<isrc>`);
3. its title in the matched album's track list (no request);
4. a recording search (escaped Lucene), candidates scored with rapidfuzz.
Not accepted = `unresolved` with every candidate kept; never a guess. A resolved recording that
was not in its album's lookup gets one recording lookup; artists without evidence one lookup.

An outage is never an answer: a track whose path met a failed request (its Spotify link lookup,
its album's resolution, Spotify's hints during a Spotify outage, a search or lookup) gets no
match and no link this run, only the entity fetches that were answered; it is left for a later
run, which resolves it as if the outage had not happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fetchers.enrich import matching
from fetchers.enrich.clients.musicbrainz import (
    MAX_URL_RESOURCES,
    MusicBrainzClient,
    spotify_track_url,
)
from fetchers.enrich.clients.spotify import MAX_IDS as MAX_SPOTIFY_IDS
from fetchers.enrich.clients.spotify import SpotifyClient
from fetchers.enrich.errors import CredentialError, FetchError
from fetchers.enrich.parsers import musicbrainz as parse
from fetchers.enrich.parsers import spotify as spotify_parse
from fetchers.enrich.parsers.spotify import SpotifyTrack
from fetchers.enrich.rows import AlbumMatch, Batch, EntityFetch, Link, Subject, TrackMatch
from fetchers.enrich.subjects import KnownAlbum, LandingState, key_of

SOURCE = "musicbrainz"
TRACKLIST_THRESHOLD = matching.TRACKLIST_THRESHOLD


@dataclass
class ResolvedAlbum:
    release_id: str | None
    release_group_id: str | None
    artist_ids: list[str]
    tracks: list[tuple[str | None, str, int | None]]
    recordings_with_evidence: set[str] = field(default_factory=set)
    recording_artists: dict[str, list[str]] = field(default_factory=dict)
    various_artists: bool = False  # credited to Various Artists: match tracks by artist too
    track_artists: dict[str, tuple[str, ...]] = field(default_factory=dict)  # recording -> names

    @property
    def recording_ids(self) -> set[str]:
        return {recording_id for recording_id, _, _ in self.tracks if recording_id}


@dataclass
class MusicBrainzIdentity:
    """What MusicBrainz said about a subject (used by TheAudioDB lookups)."""

    recording_id: str | None = None
    release_group_id: str | None = None
    artist_ids: list[str] = field(default_factory=list)


@dataclass
class RunMemory:
    """Shared across the chunks of one run: albums resolved, entities fetched, failures."""

    albums: dict[tuple[str, str], ResolvedAlbum | None] = field(default_factory=dict)
    # export album -> the titles played on it (the evidence a title-search release must hold)
    album_titles: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    releases: dict[str, parse.ReleaseDetail | None] = field(default_factory=dict)  # lookups
    title_searches: dict[str, list[parse.ReleaseCandidate]] = field(default_factory=dict)
    fetched: set[tuple[str, str, str]] = field(default_factory=set)
    identities: dict[tuple[str, ...], MusicBrainzIdentity] = field(default_factory=dict)
    methods: dict[str, int] = field(default_factory=dict)
    incomplete: int = 0
    # export albums whose resolution failed this run: their tracks wait for a later run
    failed_albums: set[tuple[str, str]] = field(default_factory=set)


class MusicBrainzResolver:
    def __init__(self, client: MusicBrainzClient, state: LandingState, memory: RunMemory) -> None:
        self.client = client
        self.state = state
        self.memory = memory
        self.links: dict[str, list[parse.RecordingCandidate]] = {}  # resource -> recordings
        self.unanswered: set[str] = set()  # resources whose lookup failed (or missed offline)
        self.spotify: dict[str, SpotifyTrack] = {}  # Spotify track id -> ISRC, duration
        self.spotify_artists: dict[str, EntityFetch] = {}  # Spotify artist id -> its genres
        self.spotify_outage = False  # Spotify did not answer: its tracks wait for a later run

    def _already(self, entity_type: str, entity_id: str) -> bool:
        key = (SOURCE, entity_type, entity_id)
        return key in self.memory.fetched or key in self.state.fetched

    def _record(self, batch: Batch, fetch: EntityFetch) -> None:
        key = (fetch.source, fetch.entity_type, fetch.entity_id)
        if key in self.memory.fetched:
            return
        self.memory.fetched.add(key)
        if self.state.fetched.get(key) == fetch.status:
            return  # a fresh fetch of this entity, with this outcome, is in landing already
        batch.fetches.append(fetch)

    async def prefetch_spotify_links(self, subjects: list[Subject]) -> None:
        """Spotify links of every subject of the run, up to 100 per request (sorted, so the
        requests depend only on the set of tracks, not on how they are batched)."""
        resources = sorted({spotify_track_url(s.spotify_id) for s in subjects if s.spotify_id})
        for start in range(0, len(resources), MAX_URL_RESOURCES):
            part = resources[start : start + MAX_URL_RESOURCES]
            try:
                body, _ = await self.client.urls(part)
            except CredentialError:
                raise
            except FetchError:
                self.unanswered.update(part)
                continue
            linked = parse.parse_url_lookup(body or {})
            for resource in part:
                self.links[resource] = linked.get(resource, [])

    async def prefetch_spotify(self, client: SpotifyClient, subjects: list[Subject]) -> str | None:
        """ISRCs, durations and artist genres from Spotify; a notice if Spotify gave up."""
        ids = sorted({s.spotify_id for s in subjects if s.spotify_id})
        try:
            for start in range(0, len(ids), MAX_SPOTIFY_IDS):
                body, _ = await client.tracks(ids[start : start + MAX_SPOTIFY_IDS])
                self.spotify.update(spotify_parse.parse_tracks(body))
            artists = sorted({a for t in self.spotify.values() for a in t.artist_ids})
            for start in range(0, len(artists), MAX_SPOTIFY_IDS):
                body, answer = await client.artists(artists[start : start + MAX_SPOTIFY_IDS])
                for fetch in spotify_parse.parse_artists(body, answer.url):
                    self.spotify_artists[fetch.entity_id] = fetch
        except CredentialError as error:  # a refusal: the run goes on without Spotify
            return f"Spotify not used for the rest of this run: {error}"
        except FetchError as error:  # an outage: what Spotify would inform waits for it
            self.spotify_outage = True
            return (
                f"Spotify did not answer ({error}); the tracks it would inform are left for a "
                "later run."
            )
        return None

    def plan(self, subjects: list[Subject]) -> None:
        """Remember the titles played on each export album of the run (all chunks), so that a
        compilation is checked against every title played on it, whichever chunk asks first."""
        for subject in subjects:
            if subject.album_key:
                titles = self.memory.album_titles.setdefault(subject.album_key, [])
                if subject.track_name not in titles:
                    titles.append(subject.track_name)

    async def resolve(self, subjects: list[Subject]) -> Batch:
        batch = Batch()
        self.plan(subjects)
        for album_key in dict.fromkeys(s.album_key for s in subjects if s.album_key):
            await self._album(album_key, batch)
        for subject in subjects:
            part = Batch()
            try:
                await self._track(subject, part)
            except CredentialError:
                raise
            except FetchError:
                self.memory.incomplete += 1
                batch.fetches.extend(part.fetches)  # answers received stay; the track waits
                continue
            batch.extend(part)
        return batch

    # --- albums -------------------------------------------------------------------------
    async def _album(self, album_key: tuple[str, str], batch: Batch) -> None:
        if album_key in self.memory.albums:
            return
        known = self.state.albums.get(album_key)
        artist, album = album_key
        try:
            if known is not None and (
                not known.release_id or known.artist_ids or known.various_artists
            ):
                self.memory.albums[album_key] = _from_known(known)
                return
            if known is not None and known.release_id:
                # matched earlier, but no track of it was linked (their lookups failed): its
                # artists and track evidence come from the release lookup again (the response
                # cache answers it), as in a run that never failed
                detail = await self._release_detail(known.release_id)
                self.memory.albums[album_key] = None if detail is None else _resolved(detail)
                return
            body, _ = await self.client.search_releases(matching.release_query(artist, album))
            candidates = parse.parse_release_search(body or {})
            scored = [
                matching.Scored(
                    c,
                    matching.score_release(c, artist=artist, album=album),
                    matching.release_rival_key(c),
                )
                for c in candidates
            ]
            choice = matching.choose(scored, tie_break=_release_tie_break)
            listed = [_release_json(s) for s in choice.scored]
            best = choice.scored[0].score if choice.scored else None
            detail: parse.ReleaseDetail | None = None
            if choice.chosen is not None:
                method, confidence = "search", choice.chosen.score
                detail = await self._release_detail(choice.chosen.candidate.release_id)
                if detail is None:
                    self.memory.albums[album_key] = None
                    return
            else:
                method = "title_search"
                titles = self.memory.album_titles.get(album_key, [])
                accepted, title_listed = await self._by_title(artist, album, titles)
                listed.extend(title_listed)
                if accepted is not None:
                    detail, confidence = accepted
        except CredentialError:
            raise
        except FetchError:
            self.memory.albums[album_key] = None  # retried on the next run
            self.memory.failed_albums.add(album_key)
            return
        if detail is None:
            self.memory.albums[album_key] = None
            batch.album_matches.append(
                AlbumMatch(artist, album, None, None, None, None, "unresolved", best, listed)
            )
            return
        for fetch in detail.evidence:  # once per run: `_record` skips what was recorded
            self._record(batch, fetch)
        self.memory.albums[album_key] = _resolved(detail)
        batch.album_matches.append(
            AlbumMatch(
                artist,
                album,
                detail.release_id,
                detail.release_group_id,
                detail.title,
                detail.artist_credit,
                method,
                confidence,
                listed,
                detail.tracks,
            )
        )

    async def _release_detail(self, release_id: str) -> parse.ReleaseDetail | None:
        """The release lookup, once per release and run (export albums of one compilation
        share it). Its evidence is recorded only once an export album is matched to it."""
        if release_id in self.memory.releases:
            return self.memory.releases[release_id]
        body, answer = await self.client.release(release_id)
        detail = None if body is None else parse.parse_release_lookup(body, answer.url)
        self.memory.releases[release_id] = detail
        return detail

    async def _by_title(
        self, artist: str, album: str, titles: list[str]
    ) -> tuple[tuple[parse.ReleaseDetail, float] | None, list[dict[str, Any]]]:
        """The compilation fallback (see module doc): (release, confidence) or None, and the
        title-search candidates considered, each with its title score and track evidence."""
        query = matching.release_title_query(album)
        if query not in self.memory.title_searches:
            body, _ = await self.client.search_releases(query)
            self.memory.title_searches[query] = parse.parse_release_search(body or {})
        found = self.memory.title_searches[query]
        candidates = matching.title_candidates(album, found, _release_tie_break)
        listed = [{**_release_json(c), "search": "title"} for c in candidates]
        if not candidates or len(candidates) > matching.MAX_TITLE_RELEASE_GROUPS:
            return None, listed  # nothing of that title, or too many to tell apart
        verified: list[tuple[parse.ReleaseDetail, float]] = []
        for scored, entry in zip(candidates, listed, strict=True):
            detail = await self._release_detail(scored.candidate.release_id)
            evidence = None if detail is None else compilation_evidence(detail, artist, titles)
            entry["tracks_present"] = evidence
            if detail is not None and evidence is not None:
                verified.append((detail, round(min(scored.score, evidence), 4)))
        return (verified[0] if len(verified) == 1 else None), listed

    # --- tracks -------------------------------------------------------------------------
    async def _track(self, subject: Subject, batch: Batch) -> None:
        """The track's match, links and evidence into `batch`; raises `FetchError` when any
        request on its path failed (the caller keeps only the answered fetches)."""
        album = self.memory.albums.get(subject.album_key) if subject.album_key else None
        resource = spotify_track_url(subject.spotify_id) if subject.spotify_id else None
        if (
            subject.album_key in self.memory.failed_albums
            or resource in self.unanswered
            or (self.spotify_outage and subject.spotify_id)
        ):
            raise FetchError(
                f"musicbrainz: {subject.artist_name} - {subject.track_name} waits for a request "
                "that failed"
            )
        hint = self.spotify.get(subject.spotify_id or "")
        isrc = hint.isrc if hint else None
        duration = hint.duration_ms if hint else None
        match: TrackMatch | None = None
        if resource is not None:
            match = self._from_spotify_link(subject, self.links.get(resource))
        if match is None and isrc:
            match = await self._from_isrc(subject, isrc, duration)
        if match is None and album is not None:
            match = self._from_tracklist(subject, album)
        if match is None:
            match = await self._from_search(subject, duration)
        match.isrc = match.isrc or isrc
        match.duration_ms = duration or match.duration_ms
        batch.track_matches.append(match)
        for spotify_artist in hint.artist_ids if hint else ():
            fetch = self.spotify_artists.get(spotify_artist)
            if fetch is not None:
                self._record(batch, fetch)
                batch.links.append(Link(subject, "spotify", "artist", spotify_artist))
        identity = MusicBrainzIdentity(
            recording_id=match.recording_id,
            release_group_id=album.release_group_id if album else None,
        )
        if album is not None and album.release_id:
            batch.links.append(Link(subject, SOURCE, "release", album.release_id))
            if album.release_group_id:
                batch.links.append(Link(subject, SOURCE, "release_group", album.release_group_id))
        if match.recording_id:
            artist_ids = await self._recording_evidence(match.recording_id, album, batch)
            batch.links.append(Link(subject, SOURCE, "recording", match.recording_id))
            identity.artist_ids = artist_ids or (album.artist_ids if album else [])
        elif album is not None:
            identity.artist_ids = album.artist_ids
        for artist_id in identity.artist_ids:
            await self._artist_evidence(artist_id, batch)
            batch.links.append(Link(subject, SOURCE, "artist", artist_id))
        self.memory.methods[match.method] = self.memory.methods.get(match.method, 0) + 1
        self.memory.identities[key_of(subject)] = identity

    def _from_spotify_link(
        self, subject: Subject, recordings: list[parse.RecordingCandidate] | None
    ) -> TrackMatch | None:
        if not recordings:
            return None
        scored = [
            matching.Scored(
                c,
                matching.score_recording(
                    c,
                    artist=subject.artist_name,
                    title=subject.track_name,
                    album=None,
                    duration_ms=None,
                ),
                matching.recording_rival_key(c),
            )
            for c in recordings
        ]
        if len(scored) == 1:
            chosen = scored[0]
        else:
            choice = matching.choose(scored, threshold=0.0)
            if choice.chosen is None:
                return None
            chosen = choice.chosen
        return TrackMatch(
            subject,
            chosen.candidate.recording_id,
            "spotify_url",
            1.0,
            [_recording_json(s) for s in scored],
            duration_ms=chosen.candidate.length_ms,
        )

    def _from_tracklist(self, subject: Subject, album: ResolvedAlbum) -> TrackMatch | None:
        rows = [row for row in album.tracks if row[0]]
        if album.various_artists and album.track_artists:
            # a compilation: the subject's artist's tracks first; two tracks of one title by
            # different artists are rivals, never a guess
            by_artist = [
                row
                for row in rows
                if matching.artist_matches(
                    subject.artist_name, album.track_artists.get(row[0] or "", ())
                )
            ]
            if any(
                matching.similarity(subject.track_name, row[1]) >= TRACKLIST_THRESHOLD
                for row in by_artist
            ):
                rows = by_artist
        scored = [
            matching.Scored(
                (recording_id, title, length),
                matching.similarity(subject.track_name, title),
                matching.comparable(title)
                + (
                    "|" + ",".join(album.track_artists.get(recording_id or "", ()))
                    if album.various_artists
                    else ""
                ),
            )
            for recording_id, title, length in rows
        ]
        choice = matching.choose(scored, threshold=TRACKLIST_THRESHOLD)
        if choice.chosen is None:
            return None
        recording_id, _, length = choice.chosen.candidate
        candidates = [
            {"recording_id": s.candidate[0], "title": s.candidate[1], "score": s.score}
            for s in choice.scored[:5]
        ]
        return TrackMatch(
            subject,
            recording_id,
            "album_tracklist",
            choice.chosen.score,
            candidates,
            duration_ms=length,
        )

    async def _from_isrc(
        self, subject: Subject, isrc: str, duration: int | None
    ) -> TrackMatch | None:
        body, _ = await self.client.isrc(isrc)
        candidates = parse.parse_isrc_lookup(body or {})
        if not candidates:
            return None
        if len(candidates) == 1:  # an ISRC names one recording: accept it
            only = candidates[0]
            return TrackMatch(
                subject, only.recording_id, "isrc", 1.0,
                [{"recording_id": only.recording_id, "title": only.title, "score": 1.0}],
                isrc=isrc, duration_ms=duration or only.length_ms,
            )  # fmt: skip
        match = choose_recording(subject, candidates, duration_ms=duration)
        if match.recording_id is None:
            return None
        match.method, match.isrc = "isrc", isrc
        return match

    async def _from_search(self, subject: Subject, duration: int | None = None) -> TrackMatch:
        query = matching.recording_query(
            subject.artist_name, subject.track_name, subject.album_name
        )
        body, _ = await self.client.search_recordings(query)
        candidates = parse.parse_recording_search(body or {})
        if not candidates and subject.album_name:
            # the album name may differ (compilations, editions): search without it
            query = matching.recording_query(subject.artist_name, subject.track_name, None)
            body, _ = await self.client.search_recordings(query)
            candidates = parse.parse_recording_search(body or {})
        return choose_recording(subject, candidates, duration_ms=duration)

    async def _recording_evidence(
        self, recording_id: str, album: ResolvedAlbum | None, batch: Batch
    ) -> list[str]:
        """The recording's artists; fetches its evidence unless the album lookup carried it."""
        if album is not None and recording_id in album.recordings_with_evidence:
            return album.recording_artists.get(recording_id) or album.artist_ids
        cached = self.memory.identities.get(("recording", recording_id))
        if cached is not None:
            return cached.artist_ids
        if self._already("recording", recording_id):
            known = self.state.recording_artists.get(recording_id)
            if known:
                return known
            key = (SOURCE, "recording", recording_id)
            if key in self.memory.fetched or album is not None:
                # carried by another lookup: that album's artists
                carried = await self._carried_artists(recording_id, album)
                if carried is not None:
                    return carried
                return album.artist_ids if album is not None else []
        body, answer = await self.client.recording(recording_id)
        body, answer = await self.client.recording(recording_id)
        if body is None:
            self._record(
                batch, EntityFetch(SOURCE, "recording", recording_id, "not_found", answer.url)
            )
            return []
        detail = parse.parse_recording_lookup(body, answer.url)
        for fetch in detail.evidence:
            self._record(batch, fetch)
        self.memory.identities[("recording", recording_id)] = MusicBrainzIdentity(
            recording_id, None, detail.artist_ids
        )
        return detail.artist_ids

    async def _carried_artists(
        self, recording_id: str, album: ResolvedAlbum | None
    ) -> list[str] | None:
        """A recording fetched in an earlier run with its album's lookup but never linked (the
        track waited for a later run): its artists from that lookup, asked again (the response
        cache answers it), as the run that fetched it would have found them."""
        fetched_earlier = (SOURCE, "recording", recording_id) not in self.memory.fetched
        if not (fetched_earlier and album is not None and album.release_id):
            return None
        if recording_id not in album.recording_ids:
            return None
        detail = await self._release_detail(album.release_id)
        if detail is None:
            return None
        carried = _resolved(detail)
        return carried.recording_artists.get(recording_id) or carried.artist_ids

    async def _artist_evidence(self, artist_id: str, batch: Batch) -> None:
        if self._already("artist", artist_id):
            return
        body, answer = await self.client.artist(artist_id)
        if body is None:
            self._record(batch, EntityFetch(SOURCE, "artist", artist_id, "not_found", answer.url))
            return
        self._record(batch, parse.parse_artist_lookup(body, answer.url))


def choose_recording(
    subject: Subject,
    candidates: list[parse.RecordingCandidate],
    *,
    duration_ms: int | None = None,
) -> TrackMatch:
    """Score search candidates; accept the best only with a clear margin, else unresolved."""
    scored = [
        matching.Scored(
            c,
            matching.score_recording(
                c,
                artist=subject.artist_name,
                title=subject.track_name,
                album=subject.album_name,
                duration_ms=duration_ms,
            ),
            matching.recording_rival_key(c),
        )
        for c in candidates
    ]
    choice = matching.choose(scored, tie_break=_recording_tie_break)
    listed = [_recording_json(s) for s in choice.scored]
    if choice.chosen is None:
        best = choice.scored[0].score if choice.scored else None
        return TrackMatch(subject, None, "unresolved", best, listed)
    chosen = choice.chosen.candidate
    return TrackMatch(
        subject,
        chosen.recording_id,
        "search",
        choice.chosen.score,
        listed,
        isrc=chosen.isrcs[0] if chosen.isrcs else None,
        duration_ms=chosen.length_ms,
    )


def _recording_tie_break(scored: matching.Scored[parse.RecordingCandidate]) -> tuple:
    c = scored.candidate
    return (-(c.service_score or 0), c.disambiguation != "", c.recording_id)


def _release_tie_break(scored: matching.Scored[parse.ReleaseCandidate]) -> tuple:
    c = scored.candidate
    return (c.status != "Official", -(c.service_score or 0), c.date or "9999", c.release_id)


def _recording_json(scored: matching.Scored[parse.RecordingCandidate]) -> dict[str, Any]:
    c = scored.candidate
    return {
        "recording_id": c.recording_id,
        "title": c.title,
        "artist": c.artist_credit,
        "length_ms": c.length_ms,
        "disambiguation": c.disambiguation,
        "score": scored.score,
    }


def _release_json(scored: matching.Scored[parse.ReleaseCandidate]) -> dict[str, Any]:
    c = scored.candidate
    return {
        "release_id": c.release_id,
        "release_group_id": c.release_group_id,
        "title": c.title,
        "artist": c.artist_credit,
        "status": c.status,
        "date": c.date,
        "score": scored.score,
    }


def compilation_evidence(
    detail: parse.ReleaseDetail, artist: str, titles: list[str]
) -> float | None:
    """`matching.tracks_present` for a looked-up release."""
    listed = [matching.ListedTrack(t.track_title, t.artist_names) for t in detail.tracks]
    various = matching.is_various_artists(detail.artist_credit, detail.artist_ids)
    return matching.tracks_present(artist, titles, listed, various=various)


def _resolved(detail: parse.ReleaseDetail) -> ResolvedAlbum:
    various = matching.is_various_artists(detail.artist_credit, detail.artist_ids)
    return ResolvedAlbum(
        release_id=detail.release_id,
        release_group_id=detail.release_group_id,
        # Various Artists is no one's artist: never linked to, nor used for, a track
        artist_ids=[] if various else list(detail.artist_ids),
        tracks=[(t.recording_id, t.track_title, t.length_ms) for t in detail.tracks],
        recordings_with_evidence={
            f.entity_id for f in detail.evidence if f.entity_type == "recording"
        },
        recording_artists=detail.recording_artists,
        various_artists=various,
        track_artists={t.recording_id: t.artist_names for t in detail.tracks if t.recording_id},
    )


def _from_known(known: KnownAlbum) -> ResolvedAlbum | None:
    if not known.release_id:
        return None
    return ResolvedAlbum(
        release_id=known.release_id,
        release_group_id=known.release_group_id,
        artist_ids=list(known.artist_ids),
        tracks=list(known.tracks),
        various_artists=known.various_artists,
    )
