"""Database work for many sockets in one trip: the first goes at once, those that come meanwhile go together next.

A quiet round pays one round trip per socket and waits for nothing; a hall
of thousands pays one round trip per batch, and the batches grow by
themselves with the load (what arrives while one trip is on the road is the
next batch).

``linger``: when a trip comes back and more work has arrived meanwhile (the
sign of a crowd), wait this long before the next trip, so that it carries
more. Sockets of a join storm arrive a few milliseconds apart while a trip
takes a few milliseconds: without it, each trip carried two or three of them
and paid its whole fixed cost for them (bench/live_round.py --join-rate).
The first item after a quiet moment never waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from channels.db import database_sync_to_async

Item = TypeVar("Item")
Result = TypeVar("Result")


class Together(Generic[Item, Result]):
    """``await together(item)`` runs ``work(items)`` in a thread with the items that arrived together.

    ``work`` gets the items in arrival order and returns one result per item,
    in the same order. If it raises, every item of that batch gets the error;
    the next batch is tried all the same.
    """

    def __init__(
        self,
        work: Callable[[Sequence[Item]], Sequence[Result]],
        *,
        most: int,
        thread_sensitive: bool,
        linger: float = 0.0,
    ):
        self.work = database_sync_to_async(work, thread_sensitive=thread_sensitive)
        self.most = most
        self.linger = linger
        self.waiting: list[tuple[Item, asyncio.Future]] = []
        self.running: asyncio.Task | None = None

    async def __call__(self, item: Item) -> Result:
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((item, future))
        if self.running is None:
            self.running = asyncio.create_task(self._run())
        return await future

    async def _run(self) -> None:
        try:
            crowded = False
            while self.waiting:
                if crowded and self.linger and len(self.waiting) < self.most:
                    await asyncio.sleep(self.linger)  # more came during the last trip: let the next one fill up
                batch, self.waiting = self.waiting[: self.most], self.waiting[self.most :]
                try:
                    results = await self.work([item for item, _ in batch])
                except asyncio.CancelledError:
                    for _, future in batch:
                        future.cancel()
                    raise
                except Exception as error:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
                crowded = bool(self.waiting)
        finally:
            self.running = None

    @property
    def idle(self) -> bool:
        return self.running is None and not self.waiting

    def cancel(self) -> None:
        if self.running is not None:
            self.running.cancel()
        for _, future in self.waiting:
            future.cancel()
        self.waiting = []
