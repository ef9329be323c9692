"""`StagePipeline`: chunks of work through a fixed sequence of stages, concurrently, in order.

Each stage works on one chunk at a time, in chunk order, and hands the chunk with its results on
through a one-slot queue; the sink gets every chunk with the merged results of all stages, in
chunk order. So stage k works on chunk n while stage k + 1 works on chunk n - 1: no stage waits
on a barrier of another, and at most 2 x stages + 1 chunks are in flight. The enrich run uses two
stages (MusicBrainz, Last.fm and Discogs; then TheAudioDB, which needs MusicBrainz's identities)
and the landing writer as the sink.

If a stage or the sink fails, or the run is cancelled, the other workers are cancelled before
the error propagates (`run_together`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

C = TypeVar("C")  # a chunk
R = TypeVar("R")  # one named result of a stage (the enrich run: a source's Batch)

Results = dict[str, R]
Stage = Callable[[C], Awaitable[dict[str, R]]]
Sink = Callable[[C, dict[str, R]], Awaitable[None]]


async def run_together(*awaitables: Awaitable[Any]) -> list[Any]:
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
class StagePipeline(Generic[C, R]):
    stages: Sequence[Stage[C, R]]

    async def run(self, chunks: Iterable[C], sink: Sink[C, R]) -> None:
        queues: list[asyncio.Queue[tuple[C, dict[str, R]] | None]] = [
            asyncio.Queue(maxsize=1) for _ in self.stages
        ]

        async def feed() -> None:
            for chunk in chunks:
                await self._step(0, chunk, {}, queues[0])
            await queues[0].put(None)

        async def relay(index: int) -> None:
            inbox, outbox = queues[index - 1], queues[index]
            while (item := await inbox.get()) is not None:
                await self._step(index, *item, outbox)
            await outbox.put(None)

        async def drain() -> None:
            while (item := await queues[-1].get()) is not None:
                await sink(*item)

        await run_together(feed(), *(relay(i) for i in range(1, len(self.stages))), drain())

    async def _step(
        self,
        index: int,
        chunk: C,
        results: dict[str, R],
        outbox: asyncio.Queue[tuple[C, dict[str, R]] | None],
    ) -> None:
        await outbox.put((chunk, {**results, **await self.stages[index](chunk)}))
