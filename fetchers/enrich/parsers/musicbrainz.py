"""MusicBrainz /ws/2 JSON bodies -> candidates, track lists and tag evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fetchers.enrich.rows import AlbumTrack, EntityFetch, TagRow

SOURCE = "musicbrainz"
# MusicBrainz's special-purpose artist credited on compilations: no one's artist, no evidence
VARIOUS_ARTISTS_ID = "89ad4ac3-39f7-470e-963a-56509c546377"


@dataclass(frozen=True)
class RecordingCandidate:
    recording_id: str
    title: str
    length_ms: int | None
    artist_credit: str
    artist_ids: tuple[str, ...]
    release_titles: tuple[str, ...] = ()
    disambiguation: str = ""
    service_score: int | None = None
    isrcs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReleaseCandidate:
    release_id: str
    title: str
    artist_credit: str
    release_group_id: str | None
    status: str | None
    date: str | None
    service_score: int | None
    track_count: int | None


@dataclass
class ReleaseDetail:
    release_id: str
    title: str
    artist_credit: str
    release_group_id: str | None
    artist_ids: list[str]
    tracks: list[AlbumTrack]
    # per track position, the recording's credited artist ids
    recording_artists: dict[str, list[str]]
    evidence: list[EntityFetch] = field(default_factory=list)


@dataclass
class RecordingDetail:
    recording_id: str
    title: str
    length_ms: int | None
    isrcs: list[str]
    artist_ids: list[str]
    evidence: list[EntityFetch] = field(default_factory=list)


def tag_rows(entity: dict[str, Any], entity_type: str, entity_id: str) -> list[TagRow]:
    """`genres` (tag_kind 'genre') and `tags` ('tag') of an entity, weight = count / max count.

    The maximum is taken per entity and kind; entries with a count of 0 or less are dropped.
    """
    rows: list[TagRow] = []
    for key, kind in (("genres", "genre"), ("tags", "tag")):
        entries = [
            (str(item.get("name") or "").strip(), item.get("count"))
            for item in entity.get(key) or []
        ]
        counted = [
            (name, float(count))
            for name, count in entries
            if name and isinstance(count, (int, float)) and count > 0
        ]
        if not counted:
            continue
        top = max(count for _, count in counted)
        rows.extend(
            TagRow(SOURCE, entity_type, entity_id, kind, name, count, count / top)
            for name, count in counted
        )
    return rows


def has_tag_data(entity: dict[str, Any]) -> bool:
    """True when the body included genres or tags for this entity (even an empty list)."""
    return "genres" in entity or "tags" in entity


def entity_fetch(entity: dict[str, Any], entity_type: str, request_url: str | None) -> EntityFetch:
    entity_id = str(entity["id"])
    return EntityFetch(
        SOURCE, entity_type, entity_id, "ok", request_url, tag_rows(entity, entity_type, entity_id)
    )


def artist_credit_phrase(credits: list[dict[str, Any]] | None) -> str:
    """The credit as printed: each credited name followed by its join phrase."""
    return "".join(
        f"{credit.get('name') or (credit.get('artist') or {}).get('name') or ''}"
        f"{credit.get('joinphrase') or ''}"
        for credit in credits or []
    ).strip()


def artist_names(credits: list[dict[str, Any]] | None) -> tuple[str, ...]:
    """Each credited artist's name (as credited, else the artist's own name)."""
    names = (
        credit.get("name") or (credit.get("artist") or {}).get("name") or ""
        for credit in credits or []
    )
    return tuple(dict.fromkeys(name for name in names if name))


def artist_ids(credits: list[dict[str, Any]] | None) -> list[str]:
    ids: list[str] = []
    for credit in credits or []:
        artist_id = (credit.get("artist") or {}).get("id")
        if artist_id and artist_id not in ids:
            ids.append(artist_id)
    return ids


def _recording_candidate(recording: dict[str, Any]) -> RecordingCandidate:
    return RecordingCandidate(
        recording_id=recording["id"],
        title=recording.get("title") or "",
        length_ms=recording.get("length"),
        artist_credit=artist_credit_phrase(recording.get("artist-credit")),
        artist_ids=tuple(artist_ids(recording.get("artist-credit"))),
        release_titles=tuple(
            dict.fromkeys(r.get("title") or "" for r in recording.get("releases") or [])
        ),
        disambiguation=recording.get("disambiguation") or "",
        service_score=recording.get("score"),
        isrcs=tuple(recording.get("isrcs") or ()),
    )


def parse_recording_search(body: dict[str, Any]) -> list[RecordingCandidate]:
    """`/recording?query=...` (and `/isrc/<isrc>`, which has the same `recordings` list)."""
    return [_recording_candidate(r) for r in body.get("recordings") or [] if r.get("id")]


def parse_isrc_lookup(body: dict[str, Any]) -> list[RecordingCandidate]:
    return parse_recording_search(body)


def parse_release_search(body: dict[str, Any]) -> list[ReleaseCandidate]:
    candidates = []
    for release in body.get("releases") or []:
        if not release.get("id"):
            continue
        group = release.get("release-group") or {}
        candidates.append(
            ReleaseCandidate(
                release_id=release["id"],
                title=release.get("title") or "",
                artist_credit=artist_credit_phrase(release.get("artist-credit")),
                release_group_id=group.get("id"),
                status=release.get("status"),
                date=release.get("date"),
                service_score=release.get("score"),
                track_count=release.get("track-count"),
            )
        )
    return candidates


def parse_url_lookup(body: dict[str, Any]) -> dict[str, list[RecordingCandidate]]:
    """`/url?resource=...&inc=recording-rels`: resource -> linked recordings.

    One resource answers with the url object itself; several with `{"urls": [...]}`.
    """
    urls = body.get("urls") if "urls" in body else [body]
    linked: dict[str, list[RecordingCandidate]] = {}
    for url in urls or []:
        resource = url.get("resource")
        if not resource:
            continue
        recordings = [
            _recording_candidate(rel["recording"])
            for rel in url.get("relations") or []
            if rel.get("target-type") == "recording" and (rel.get("recording") or {}).get("id")
        ]
        linked[resource] = list({c.recording_id: c for c in recordings}.values())
    return linked


def parse_release_lookup(body: dict[str, Any], request_url: str | None) -> ReleaseDetail:
    """A release with `inc=recordings+genres+tags+release-groups+artist-credits`.

    Gives the full track list and the evidence of the release, its release group, its credited
    artists and each recording, wherever the body carried genres/tags for them.
    """
    release_id = body["id"]
    evidence: list[EntityFetch] = [entity_fetch(body, "release", request_url)]
    group = body.get("release-group") or {}
    if group.get("id") and has_tag_data(group):
        evidence.append(entity_fetch(group, "release_group", request_url))
    seen_artists: set[str] = set()

    def add_artists(credits: list[dict[str, Any]] | None) -> None:
        for credit in credits or []:
            artist = credit.get("artist") or {}
            if artist.get("id") == VARIOUS_ARTISTS_ID:
                continue
            if artist.get("id") and artist["id"] not in seen_artists and has_tag_data(artist):
                seen_artists.add(artist["id"])
                evidence.append(entity_fetch(artist, "artist", request_url))

    add_artists(body.get("artist-credit"))
    tracks: list[AlbumTrack] = []
    recording_artists: dict[str, list[str]] = {}
    seen_recordings: set[str] = set()
    for medium_index, medium in enumerate(body.get("media") or [], start=1):
        disc = medium.get("position") or medium_index
        for track_index, track in enumerate(medium.get("tracks") or [], start=1):
            recording = track.get("recording") or {}
            recording_id = recording.get("id")
            isrcs = recording.get("isrcs") or []
            credits = recording.get("artist-credit") or track.get("artist-credit")
            tracks.append(
                AlbumTrack(
                    disc_number=int(disc),
                    track_position=int(track.get("position") or track_index),
                    track_title=track.get("title") or recording.get("title") or "",
                    recording_id=recording_id,
                    isrc=isrcs[0] if isrcs else None,
                    length_ms=track.get("length") or recording.get("length"),
                    artist_names=artist_names(credits),
                )
            )
            if not recording_id:
                continue
            recording_artists[recording_id] = artist_ids(credits)
            add_artists(credits)
            if recording_id not in seen_recordings and has_tag_data(recording):
                seen_recordings.add(recording_id)
                evidence.append(entity_fetch(recording, "recording", request_url))
    return ReleaseDetail(
        release_id=release_id,
        title=body.get("title") or "",
        artist_credit=artist_credit_phrase(body.get("artist-credit")),
        release_group_id=group.get("id"),
        artist_ids=artist_ids(body.get("artist-credit")),
        tracks=tracks,
        recording_artists=recording_artists,
        evidence=evidence,
    )


def parse_recording_lookup(body: dict[str, Any], request_url: str | None) -> RecordingDetail:
    """A recording with `inc=genres+tags+artist-credits+isrcs`."""
    evidence = [entity_fetch(body, "recording", request_url)]
    for credit in body.get("artist-credit") or []:
        artist = credit.get("artist") or {}
        if artist.get("id") and has_tag_data(artist):
            evidence.append(entity_fetch(artist, "artist", request_url))
    return RecordingDetail(
        recording_id=body["id"],
        title=body.get("title") or "",
        length_ms=body.get("length"),
        isrcs=list(body.get("isrcs") or []),
        artist_ids=artist_ids(body.get("artist-credit")),
        evidence=evidence,
    )


def parse_artist_lookup(body: dict[str, Any], request_url: str | None) -> EntityFetch:
    """An artist with `inc=genres+tags`."""
    return entity_fetch(body, "artist", request_url)
