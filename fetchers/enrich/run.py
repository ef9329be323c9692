"""Orchestration of one enrich run; library code: reports through a callback, never prints.

Subjects are processed in chunks of `settings.batch_size`. The sources run concurrently, each
within its own rate limit: for a chunk, MusicBrainz resolves identities while Last.fm and
Discogs work from the names; TheAudioDB then looks the chunk up by the MBIDs found, while the
next chunks' MusicBrainz, Last.fm and Discogs requests already run (up to two chunks ahead,
`_Pipeline`: no stage waits on a barrier of another). A chunk's rows are written in one
transaction once all its sources are done, in order, opening the warehouse only for that write
(in a thread, so requests go on meanwhile).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx

from fetchers.enrich.cache import ResponseCache, open_cache
from fetchers.enrich.clients.discogs import DiscogsClient
from fetchers.enrich.clients.lastfm import LastfmClient
from fetchers.enrich.clients.musicbrainz import MusicBrainzClient
from fetchers.enrich.clients.spotify import SpotifyAuth, SpotifyClient
from fetchers.enrich.clients.theaudiodb import TheAudioDbClient
from fetchers.enrich.evidence import (
    PROBE_TYPES,
    DiscogsEvidence,
    EvidenceCollector,
    EvidenceMemory,
    LastfmEvidence,
    TheAudioDbEvidence,
    probe_id,
)
from fetchers.enrich.resolve import MusicBrainzIdentity, MusicBrainzResolver, RunMemory
from fetchers.enrich.rows import SOURCES, Batch, Subject
from fetchers.enrich.settings import EnrichSettings
from fetchers.enrich.store import write_batch
from fetchers.enrich.subjects import LandingState, key_of, read_state, read_subjects
from fetchers.enrich.transport import (
    CredentialError,
    RetryPolicy,
    Transport,
    redacted_http_logs,
)
from fetchers.warehouse import open_landing

DEMO_CACHE_PATH = Path(__file__).resolve().parent.parent / "demo" / "cache" / "responses.jsonl"

# called after each batch: source -> (tracks done, tracks to do)
Progress = Callable[[dict[str, tuple[int, int]]], None]


class EnrichError(RuntimeError):
    """Enrichment cannot start; the message says what to do."""


@dataclass
class SourceReport:
    source: str
    subjects: int = 0
    requests: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    retries: int = 0
    failures: int = 0
    throttle_pauses: int = 0
    evidence_rows: int = 0
    incomplete: int = 0  # subjects left for a later run (failures, offline misses)


@dataclass
class EnrichReport:
    tracks: int = 0
    batches: int = 0
    sources: dict[str, SourceReport] = field(default_factory=dict)
    methods: dict[str, int] = field(default_factory=dict)  # musicbrainz match_method -> tracks
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Runtime:
    """Injected I/O for tests: clock, sleep, jitter and the retry policy."""

    clock: Callable[[], float] = time.time
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    jitter: Callable[[], float] = random.random
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 30.0
    # an httpx transport to send through instead of the network (the demo cache builder)
    http_transport: httpx.AsyncBaseTransport | None = None


def enrich(
    settings: EnrichSettings,
    *,
    sources: Sequence[str] | None = None,
    limit: int | None = None,
    refresh: bool = False,
    offline: bool = False,
    cache_path: Path | None = None,
    progress: Progress | None = None,
    runtime: Runtime | None = None,
    after_batch: Callable[[int], None] | None = None,
) -> EnrichReport:
    """Run enrichment (see module doc). `cache_path` overrides `settings.cache_path`; a
    `.jsonl` cache is read-only (the demo's shipped cache: `DEMO_CACHE_PATH`)."""
    return asyncio.run(
        enrich_async(
            settings,
            sources=sources,
            limit=limit,
            refresh=refresh,
            offline=offline,
            cache_path=cache_path,
            progress=progress,
            runtime=runtime or Runtime(),
            after_batch=after_batch,
        )
    )


def enrich_from_shipped_cache(duckdb_path: Path, progress: Progress | None = None) -> EnrichReport:
    """The demo's enrichment: offline, every source, answers from `DEMO_CACHE_PATH` only."""
    settings = EnrichSettings.from_env({"DUCKDB_PATH": str(duckdb_path)}, offline=True)
    return enrich(settings, offline=True, cache_path=DEMO_CACHE_PATH, progress=progress)


def _chosen_sources(
    settings: EnrichSettings, requested: Sequence[str] | None, report: EnrichReport
) -> list[str]:
    wanted = list(dict.fromkeys(requested or SOURCES))
    unknown = [s for s in wanted if s not in SOURCES]
    if unknown:
        raise EnrichError(
            f"Unknown source(s): {', '.join(unknown)}. Choose from: {', '.join(SOURCES)}."
        )
    chosen = []
    for source in wanted:
        if source in settings.services:
            chosen.append(source)
        else:
            report.notices.append(settings.skipped.get(source, f"{source} skipped."))
    if not chosen:
        raise EnrichError(
            "No source can run: " + " ".join(settings.skipped.get(s, s) for s in wanted)
        )
    return chosen


def _pending(
    source: str,
    subjects: list[Subject],
    state: LandingState,
    identities: dict[tuple[str, ...], MusicBrainzIdentity],
) -> list[Subject]:
    if source == "musicbrainz":
        return [s for s in subjects if key_of(s) not in state.matched]
    linked = state.linked.get(source, set())
    pending = []
    for subject in subjects:
        if key_of(subject) in linked:
            continue
        probe = (
            source,
            PROBE_TYPES[source],
            probe_id(source, subject, identities.get(key_of(subject))),
        )
        if probe in state.fetched:
            continue
        pending.append(subject)
    return pending


def _identities_from_state(state: LandingState) -> dict[tuple[str, ...], MusicBrainzIdentity]:
    identities = {}
    for key, links in state.musicbrainz_links.items():
        identity = MusicBrainzIdentity()
        for entity_type, entity_id in links:
            if entity_type == "recording":
                identity.recording_id = entity_id
            elif entity_type == "release_group":
                identity.release_group_id = entity_id
            elif entity_type == "artist" and entity_id not in identity.artist_ids:
                identity.artist_ids.append(entity_id)
        identities[key] = identity
    return identities


async def enrich_async(
    settings: EnrichSettings,
    *,
    sources: Sequence[str] | None,
    limit: int | None,
    refresh: bool,
    offline: bool,
    cache_path: Path | None,
    progress: Progress | None,
    runtime: Runtime,
    after_batch: Callable[[int], None] | None,
) -> EnrichReport:
    report = EnrichReport()
    chosen = _chosen_sources(settings, sources, report)
    now = datetime.fromtimestamp(runtime.clock(), tz=timezone.utc)
    with open_landing(settings.duckdb_path) as connection:
        subjects = read_subjects(connection, limit)
        state = (
            LandingState()
            if refresh
            else read_state(
                connection,
                now=now,
                positive_ttl=timedelta(days=settings.positive_ttl_days),
                negative_ttl=timedelta(days=settings.negative_ttl_days),
            )
        )
    report.tracks = len(subjects)
    known_identities = _identities_from_state(state)
    pending = {s: _pending(s, subjects, state, known_identities) for s in chosen}
    for source in chosen:
        report.sources[source] = SourceReport(source, subjects=len(pending[source]))
    pending_sets = {src: set(items) for src, items in pending.items()}
    todo = [s for s in subjects if any(s in pending_sets[src] for src in chosen)]
    cache = open_cache(cache_path or settings.cache_path, clock=runtime.clock)
    transports: dict[str, Transport] = {}
    memory = RunMemory()
    collectors: dict[str, EvidenceCollector] = {}
    try:
        with redacted_http_logs(settings.services[s] for s in chosen):
            async with httpx.AsyncClient(
                timeout=runtime.timeout, follow_redirects=True, transport=runtime.http_transport
            ) as http:
                for source in chosen:
                    transports[source] = _transport(
                        settings, source, http, cache, offline, refresh, runtime
                    )
                resolver = (
                    MusicBrainzResolver(MusicBrainzClient(transports["musicbrainz"]), state, memory)
                    if "musicbrainz" in transports
                    else None
                )
                if "lastfm" in transports:
                    collectors["lastfm"] = LastfmEvidence(
                        LastfmClient(transports["lastfm"]), state, EvidenceMemory()
                    )
                if "discogs" in transports:
                    collectors["discogs"] = DiscogsEvidence(
                        DiscogsClient(transports["discogs"]), state, EvidenceMemory()
                    )
                if "theaudiodb" in transports:
                    collectors["theaudiodb"] = TheAudioDbEvidence(
                        TheAudioDbClient(transports["theaudiodb"]), state, EvidenceMemory()
                    )
                if resolver is not None and "spotify" in settings.services:
                    spotify = _spotify_client(settings, http, cache, offline, refresh, runtime)
                    transports["spotify"] = spotify.transport
                    report.sources["spotify"] = SourceReport("spotify")
                    notice = await resolver.prefetch_spotify(spotify, pending["musicbrainz"])
                    if notice:
                        report.notices.append(notice)
                if resolver is not None:
                    await resolver.prefetch_spotify_links(pending["musicbrainz"])
                    resolver.plan(subjects)  # every title played on each export album
                identities = dict(known_identities)
                stages = _Stages(pending_sets, resolver, collectors, identities, memory)
                done = dict.fromkeys(chosen, 0)
                chunks = [
                    todo[start : start + settings.batch_size]
                    for start in range(0, len(todo), settings.batch_size)
                ]
                pipeline = _Pipeline(stages, chunks)

                async def write(chunk: list[Subject], batches: dict[str, Batch]) -> None:
                    fetched_at = datetime.fromtimestamp(runtime.clock(), tz=timezone.utc)
                    merged = Batch()
                    for source, batch in batches.items():
                        merged.extend(batch)
                        report.sources[source].evidence_rows += sum(
                            len(f.tags) for f in batch.fetches
                        )
                    # in a thread, so the other stages keep sending while DuckDB writes
                    await _finish(
                        asyncio.to_thread(_write, settings.duckdb_path, merged, fetched_at)
                    )
                    report.batches += 1
                    for source in chosen:
                        done[source] += sum(1 for s in chunk if s in pending_sets[source])
                    if progress is not None:
                        progress({s: (done[s], len(pending[s])) for s in chosen})
                    if after_batch is not None:
                        after_batch(report.batches)

                await pipeline.run(write)
    except CredentialError as error:
        raise EnrichError(
            f"{error} (batches written before this are kept; the run resumes where it stopped)"
        ) from error
    finally:
        cache.close()
        for source, transport in transports.items():
            _fill(report.sources[source], transport)
        report.methods = dict(sorted(memory.methods.items()))
        if "musicbrainz" in report.sources:
            report.sources["musicbrainz"].incomplete = memory.incomplete
        for source, collector in collectors.items():
            report.sources[source].incomplete = collector.memory.incomplete
    return report


def _spotify_client(
    settings: EnrichSettings,
    http: httpx.AsyncClient,
    cache: ResponseCache,
    offline: bool,
    refresh: bool,
    runtime: Runtime,
) -> SpotifyClient:
    """The optional Spotify helper (bearer token from the client-credentials flow)."""
    credentials = settings.spotify_credentials
    auth = SpotifyAuth(*credentials, clock=runtime.clock) if credentials is not None else None
    return SpotifyClient(
        _transport(settings, "spotify", http, cache, offline, refresh, runtime, auth=auth)
    )


def _transport(
    settings: EnrichSettings,
    source: str,
    http: httpx.AsyncClient,
    cache: ResponseCache,
    offline: bool,
    refresh: bool,
    runtime: Runtime,
    auth: SpotifyAuth | None = None,
) -> Transport:
    """The transport of one source: its rate limit, retries and the shared response cache."""
    return Transport(
        settings.services[source],
        client=http,
        cache=cache,
        offline=offline,
        refresh=refresh,
        policy=runtime.policy,
        positive_ttl=settings.positive_ttl_days * 86400.0,
        negative_ttl=settings.negative_ttl_days * 86400.0,
        sleep=runtime.sleep,
        clock=runtime.clock,
        jitter=runtime.jitter,
        auth=auth,
    )


def _fill(source_report: SourceReport, transport: Transport) -> None:
    counters = transport.counters
    source_report.requests = counters.requests
    source_report.cache_hits = counters.cache_hits
    source_report.cache_misses = counters.cache_misses
    source_report.retries = counters.retries
    source_report.failures = counters.failures
    source_report.throttle_pauses = counters.throttle_pauses


def _write(duckdb_path: Path, batch: Batch, fetched_at: datetime) -> None:
    with open_landing(duckdb_path) as connection:
        write_batch(connection, batch, fetched_at)


async def _finish(awaitable: Awaitable[None]) -> None:
    """Await a write; if cancelled meanwhile, let its transaction end before giving up."""
    task = asyncio.ensure_future(awaitable)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.gather(task, return_exceptions=True)
        raise


async def _together(*awaitables: Awaitable[Any]) -> list[Any]:
    """Run concurrently; if one fails, cancel the others before raising."""
    tasks = [asyncio.ensure_future(a) for a in awaitables]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


@dataclass
class _Stages:
    """The two stages of a chunk: (1) MusicBrainz, Last.fm and Discogs concurrently,
    (2) TheAudioDB, which looks up by the MBIDs stage 1 found."""

    pending: dict[str, set[Subject]]
    resolver: MusicBrainzResolver | None
    collectors: dict[str, EvidenceCollector]
    identities: dict[tuple[str, ...], MusicBrainzIdentity]
    memory: RunMemory

    def _mine(self, source: str, chunk: list[Subject]) -> list[Subject]:
        return [s for s in chunk if s in self.pending.get(source, set())]

    async def first(self, chunk: list[Subject]) -> dict[str, Batch]:
        async def musicbrainz() -> dict[str, Batch]:
            if self.resolver is None:
                return {}
            batch = await self.resolver.resolve(self._mine("musicbrainz", chunk))
            self.identities.update(
                (k, v) for k, v in self.memory.identities.items() if k[0] in ("uri", "name")
            )
            return {"musicbrainz": batch}

        async def collect(source: str) -> dict[str, Batch]:
            collector = self.collectors[source]
            return {source: await collector.collect(self._mine(source, chunk), self.identities)}

        work = [musicbrainz()]
        work.extend(collect(s) for s in ("lastfm", "discogs") if s in self.collectors)
        merged: dict[str, Batch] = {}
        for result in await _together(*work):
            merged.update(result)
        return merged

    async def second(self, chunk: list[Subject]) -> dict[str, Batch]:
        if "theaudiodb" not in self.collectors:
            return {}
        collector = self.collectors["theaudiodb"]
        return {
            "theaudiodb": await collector.collect(self._mine("theaudiodb", chunk), self.identities)
        }


_Done = tuple[list[Subject], dict[str, Batch]]


@dataclass
class _Pipeline:
    """The stages as three workers joined by one-slot queues, so none waits on a barrier:
    stage 1 (MusicBrainz, Last.fm, Discogs) runs up to two chunks ahead of stage 2
    (TheAudioDB, which needs stage 1's identities), and the writer writes each chunk, in order,
    once both stages are done with it. At most five chunks are in flight."""

    stages: _Stages
    chunks: list[list[Subject]]

    async def run(
        self, write: Callable[[list[Subject], dict[str, Batch]], Awaitable[None]]
    ) -> None:
        first_done: asyncio.Queue[_Done | None] = asyncio.Queue(maxsize=1)
        both_done: asyncio.Queue[_Done | None] = asyncio.Queue(maxsize=1)

        async def first() -> None:
            for chunk in self.chunks:
                await first_done.put((chunk, await self.stages.first(chunk)))
            await first_done.put(None)

        async def second() -> None:
            while (item := await first_done.get()) is not None:
                chunk, batches = item
                await both_done.put((chunk, {**batches, **await self.stages.second(chunk)}))
            await both_done.put(None)

        async def writer() -> None:
            while (item := await both_done.get()) is not None:
                await write(*item)

        await _together(first(), second(), writer())
