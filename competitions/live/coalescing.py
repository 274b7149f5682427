"""``progress`` and ``lobby``, coalesced: at most one every LIVE_PROGRESS_EVERY_S / LIVE_LOBBY_EVERY_S per process.

A hall answering or joining at once would otherwise have every answer and
every join count the round in the database and broadcast it.
"""

from __future__ import annotations

import asyncio
import logging
import time

from django.conf import settings

from . import messages, tasks
from .database import db
from .events import WATCHERS, Event
from .models import LiveRound

log = logging.getLogger(__name__)


class Coalescer:
    """One round's coalesced messages in this process; ``broadcast(round_id, events)`` sends them."""

    def __init__(self, round_id: int, broadcast):
        self.round_id = round_id
        self.broadcast = broadcast
        self.pending: dict[str, asyncio.Task] = {}
        self.dirty: set[str] = set()

    def answered(self) -> None:
        self.soon("progress", settings.LIVE_PROGRESS_EVERY_S, _progress_events)

    def joined(self) -> None:
        self.soon("lobby", settings.LIVE_LOBBY_EVERY_S, _lobby_events)

    def stop(self) -> None:
        for task in self.pending.values():
            task.cancel()

    def soon(self, name: str, every: float, make) -> None:
        """Send ``make()``'s events now, then at most once per ``every`` seconds while more keep coming."""
        if name in self.pending:
            self.dirty.add(name)
            return

        async def send_while_dirty():
            try:
                while not tasks.stopping():
                    started = time.monotonic()
                    try:
                        await self.broadcast(self.round_id, await db(make)(self.round_id))
                    except Exception as error:
                        if tasks.stopping():
                            raise asyncio.CancelledError from error
                        log.warning("live round %s: sending %s failed", self.round_id, name, exc_info=True)
                    await asyncio.sleep(max(0.0, every - (time.monotonic() - started)))
                    if name not in self.dirty:
                        return
                    self.dirty.discard(name)
            finally:
                self.pending.pop(name, None)

        self.pending[name] = asyncio.create_task(send_while_dirty())


def _progress_events(round_id: int) -> list[Event]:
    message = messages.progress(round_id)
    return [Event.of(message, audience=WATCHERS)] if message else []


def _lobby_events(round_id: int) -> list[Event]:
    live = LiveRound.objects.select_related("round").get(pk=round_id)
    return [Event.of(messages.lobby(live))]
