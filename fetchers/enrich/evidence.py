"""Tag evidence from Last.fm, Discogs and TheAudioDB for a chunk of subjects.

Requests, the minimum per design (answers shared through the run and the response cache):
- Last.fm: `track.getTopTags` per track, `artist.getTopTags` per artist.
- Discogs: per album one `database/search?type=master` (then `type=release` if no master), then
  one `/masters/<id>` (or `/releases/<id>`); tracks without an album search by track title.
- TheAudioDB: by MBID where MusicBrainz found one, else by name (one request either way): per
  track `track-mb.php?i=<recording MBID>` or `searchtrack.php`; per album
  `album-mb.php?i=<release-group MBID>` or `searchalbum.php`; per artist
  `artist-mb.php?i=<artist MBID>` or `search.php`.
A lookup that finds nothing is recorded as a `not_found` fetch under a probe id derived from the
subject (e.g. `search:<artist>\t<album>`), so the next run knows it was asked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from fetchers.enrich import matching
from fetchers.enrich.clients.discogs import DiscogsClient
from fetchers.enrich.clients.lastfm import LastfmClient
from fetchers.enrich.clients.theaudiodb import TheAudioDbClient
from fetchers.enrich.errors import CredentialError, FetchError
from fetchers.enrich.parsers import discogs as discogs_parse
from fetchers.enrich.parsers import lastfm as lastfm_parse
from fetchers.enrich.parsers import theaudiodb as audiodb_parse
from fetchers.enrich.resolve import MusicBrainzIdentity
from fetchers.enrich.rows import Batch, EntityFetch, Link, Subject
from fetchers.enrich.subjects import LandingState, key_of
from fetchers.enrich.transport import Answer

DISCOGS_THRESHOLD = 0.8


def probe_id(source: str, subject: Subject, identity: MusicBrainzIdentity | None = None) -> str:
    """The id under which "nothing found for this subject" is recorded for a source."""
    artist = subject.artist_name.strip().lower()
    if source == "lastfm":
        return lastfm_parse.track_entity_id(subject.artist_name, subject.track_name)
    if source == "discogs":
        title = (subject.album_name or subject.track_name).strip().lower()
        return f"search:{artist}\t{title}"
    if identity is not None and identity.recording_id:
        return f"mbid:{identity.recording_id}"
    return f"search:{artist}\t{subject.track_name.strip().lower()}"


PROBE_TYPES = {"lastfm": "track", "discogs": "release", "theaudiodb": "track"}
Lookup = Callable[[], Awaitable[tuple[dict[str, Any] | None, Answer]]]


@dataclass
class EvidenceMemory:
    """Per source, shared across the chunks of a run."""

    fetched: dict[tuple[str, str, str], str] = field(default_factory=dict)  # -> status
    resolved: dict[Any, tuple[str, str] | None] = field(default_factory=dict)  # lookup -> entity
    urls: dict[Any, str] = field(default_factory=dict)  # lookup -> its request (no credential)
    incomplete: int = 0


class EvidenceCollector:
    """Common bookkeeping: fetch an entity once per run, link it to every subject it covers."""

    source = ""

    def __init__(self, state: LandingState, memory: EvidenceMemory) -> None:
        self.state = state
        self.memory = memory

    def _status(self, entity_type: str, entity_id: str) -> str | None:
        key = (self.source, entity_type, entity_id)
        return self.memory.fetched.get(key) or self.state.fetched.get(key)

    def _record(self, batch: Batch, fetch: EntityFetch) -> None:
        key = (fetch.source, fetch.entity_type, fetch.entity_id)
        if key in self.memory.fetched:
            return
        self.memory.fetched[key] = fetch.status
        if self.state.fetched.get(key) == fetch.status:
            return  # a fresh fetch of this entity, with this outcome, is in landing already
        batch.fetches.append(fetch)

    def _not_found(self, batch: Batch, subject: Subject, identity: Any, answer: Answer) -> None:
        self._record(
            batch,
            EntityFetch(
                self.source,
                PROBE_TYPES[self.source],
                probe_id(self.source, subject, identity),
                "not_found",
                answer.url,
            ),
        )

    async def collect(
        self, subjects: list[Subject], identities: dict[tuple[str, ...], MusicBrainzIdentity]
    ) -> Batch:
        batch = Batch()
        for subject in subjects:
            part = Batch()
            try:
                await self.subject(subject, identities.get(key_of(subject)), part)
            except CredentialError:
                raise
            except FetchError:
                self.memory.incomplete += 1
                for fetch in part.fetches:  # keep what was fetched; the subject is retried
                    batch.fetches.append(fetch)
                continue
            batch.extend(part)
        return batch

    async def subject(
        self, subject: Subject, identity: MusicBrainzIdentity | None, batch: Batch
    ) -> None:
        raise NotImplementedError


class LastfmEvidence(EvidenceCollector):
    source = "lastfm"

    def __init__(self, client: LastfmClient, state: LandingState, memory: EvidenceMemory) -> None:
        super().__init__(state, memory)
        self.client = client

    async def subject(
        self, subject: Subject, identity: MusicBrainzIdentity | None, batch: Batch
    ) -> None:
        track_id = lastfm_parse.track_entity_id(subject.artist_name, subject.track_name)
        artist_id = lastfm_parse.artist_entity_id(subject.artist_name)
        for entity_type, entity_id, fetch in (
            (
                "track",
                track_id,
                lambda: self.client.track_top_tags(subject.artist_name, subject.track_name),
            ),
            ("artist", artist_id, lambda: self.client.artist_top_tags(subject.artist_name)),
        ):
            status = self._status(entity_type, entity_id)
            if status is None:
                body, answer = await fetch()
                if body is None:
                    status = "not_found"
                    self._record(
                        batch,
                        EntityFetch(self.source, entity_type, entity_id, "not_found", answer.url),
                    )
                else:
                    status = "ok"
                    tags = lastfm_parse.parse_top_tags(body, entity_type, entity_id)
                    self._record(
                        batch,
                        EntityFetch(self.source, entity_type, entity_id, "ok", answer.url, tags),
                    )
            if status == "ok":
                batch.links.append(Link(subject, self.source, entity_type, entity_id))


class DiscogsEvidence(EvidenceCollector):
    source = "discogs"

    def __init__(self, client: DiscogsClient, state: LandingState, memory: EvidenceMemory) -> None:
        super().__init__(state, memory)
        self.client = client

    async def subject(
        self, subject: Subject, identity: MusicBrainzIdentity | None, batch: Batch
    ) -> None:
        title = subject.album_name or subject.track_name
        lookup = (
            "album" if subject.album_name else "track",
            subject.artist_name.strip().lower(),
            title.strip().lower(),
        )
        if lookup not in self.memory.resolved:
            self.memory.resolved[lookup] = await self._find(subject, batch)
        entity = self.memory.resolved[lookup]
        if entity is not None:
            batch.links.append(Link(subject, self.source, *entity))

    async def _find(self, subject: Subject, batch: Batch) -> tuple[str, str] | None:
        album = subject.album_name
        answer: Answer | None = None
        for kind in ("master", "release"):
            if album:
                body, answer = await self.client.search(
                    kind=kind, artist=subject.artist_name, release_title=album
                )
            else:
                body, answer = await self.client.search(
                    kind=kind, artist=subject.artist_name, track=subject.track_name
                )
            hit = self._best(discogs_parse.parse_search(body or {}), subject, kind)
            if hit is not None:
                return await self._fetch(hit, kind, batch)
        if answer is not None:
            self._not_found(batch, subject, None, answer)
        return None

    def _best(
        self, hits: list[discogs_parse.SearchHit], subject: Subject, kind: str
    ) -> discogs_parse.SearchHit | None:
        def score(hit: discogs_parse.SearchHit) -> float:
            artist, title = discogs_parse.split_title(hit.title)
            artist_score = matching.similarity(subject.artist_name, artist) if artist else 0.5
            if subject.album_name:
                return 0.6 * matching.similarity(subject.album_name, title) + 0.4 * artist_score
            return artist_score  # searched by track: the title is the release's, not the track's

        ranked = sorted(
            (h for h in hits if h.kind == kind), key=lambda h: (-score(h), h.discogs_id)
        )
        if ranked and score(ranked[0]) >= DISCOGS_THRESHOLD:
            return ranked[0]
        return None

    async def _fetch(
        self, hit: discogs_parse.SearchHit, kind: str, batch: Batch
    ) -> tuple[str, str] | None:
        entity_type = "release_group" if kind == "master" else "release"
        entity_id = str(hit.discogs_id)
        status = self._status(entity_type, entity_id)
        if status is None:
            if kind == "master":
                body, answer = await self.client.master(hit.discogs_id)
            else:
                body, answer = await self.client.release(hit.discogs_id)
            if body is None:
                self._record(
                    batch, EntityFetch(self.source, entity_type, entity_id, "not_found", answer.url)
                )
                return None
            tags = discogs_parse.parse_genres_styles(body, entity_type, entity_id)
            self._record(
                batch, EntityFetch(self.source, entity_type, entity_id, "ok", answer.url, tags)
            )
            status = "ok"
        return (entity_type, entity_id) if status == "ok" else None


class TheAudioDbEvidence(EvidenceCollector):
    source = "theaudiodb"

    def __init__(
        self, client: TheAudioDbClient, state: LandingState, memory: EvidenceMemory
    ) -> None:
        super().__init__(state, memory)
        self.client = client

    async def subject(
        self, subject: Subject, identity: MusicBrainzIdentity | None, batch: Batch
    ) -> None:
        known = identity or MusicBrainzIdentity()
        artist, title, album = subject.artist_name, subject.track_name, subject.album_name
        client = self.client
        recording, group = known.recording_id, known.release_group_id
        artist_mbid = known.artist_ids[0] if known.artist_ids else None
        # by MBID where MusicBrainz found one, else by name: one request per entity
        lookups: list[tuple[str, tuple[str, ...], Lookup]] = [
            (
                "track",
                ("track", recording or "", artist.lower(), title.lower()),
                (lambda: client.track_by_mbid(recording))
                if recording
                else (lambda: client.search_track(artist, title)),
            ),
            (
                "artist",
                ("artist", artist_mbid or "", artist.lower()),
                (lambda: client.artist_by_mbid(artist_mbid))
                if artist_mbid
                else (lambda: client.search_artist(artist)),
            ),
        ]
        if album:
            lookups.insert(
                1,
                (
                    "album",
                    ("album", group or "", artist.lower(), album.lower()),
                    (lambda: client.album_by_mbid(group))
                    if group
                    else (lambda: client.search_album(artist, album)),
                ),
            )
        for entity_type, lookup, fetch in lookups:
            entity_id = await self._entity(batch, entity_type, lookup, fetch)
            if entity_id is not None:
                batch.links.append(Link(subject, self.source, entity_type, entity_id))
            elif entity_type == "track":
                self._record(
                    batch,
                    EntityFetch(
                        self.source, "track", probe_id(self.source, subject, identity),
                        "not_found", self.memory.urls.get(lookup),
                    ),
                )  # fmt: skip

    async def _entity(
        self, batch: Batch, entity_type: str, lookup: tuple[str, ...], fetch: Lookup
    ) -> str | None:
        """The TheAudioDB id of the entity (None: not found); records its fetch once a run."""
        if lookup not in self.memory.resolved:
            body, answer = await fetch()
            self.memory.urls[lookup] = answer.url
            items = audiodb_parse.parse_items(body, entity_type)
            self.memory.resolved[lookup] = None
            if items:
                item = items[0]
                self._record(
                    batch,
                    EntityFetch(
                        self.source, entity_type, item.entity_id, "ok", answer.url,
                        list(item.tags),
                    ),
                )  # fmt: skip
                self.memory.resolved[lookup] = (entity_type, item.entity_id)
        found = self.memory.resolved[lookup]
        return found[1] if found else None
