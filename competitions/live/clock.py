"""The open question's own clock, kept by every process with sockets of the round.

When a ``question`` goes by, the round's hub sets this timer for its close,
so the question closes and reveals even if the host's browser and the
host's process are gone; host_commands.close_if_due lets exactly one
process win.
"""

from __future__ import annotations

import asyncio
import logging
import random

from . import host_commands, tasks
from .database import db
from .events import now_ms
from .models import LiveRound

log = logging.getLogger(__name__)


class QuestionClock:
    """One round's timer in this process; ``broadcast(round_id, events)`` sends the reveal it makes."""

    def __init__(self, round_id: int, broadcast):
        self.round_id = round_id
        self.broadcast = broadcast
        self.closer: asyncio.Task | None = None
        self.closes_at_ms: int | None = None

    def set(self, closes_at_ms: int) -> None:
        """Close the open question at ``closes_at_ms`` (plus grace) unless something else does first."""
        if self.closer is not None and self.closes_at_ms == closes_at_ms:
            return
        self.cancel()
        self.closes_at_ms = closes_at_ms
        self.closer = asyncio.create_task(self._close_when_due(closes_at_ms))

    def cancel(self) -> None:
        if self.closer is not None and self.closer is not asyncio.current_task():
            self.closer.cancel()
        self.closer = None

    def stop(self) -> None:
        """The hub is going: its sockets have all left."""
        if self.closer is not None:
            self.closer.cancel()

    async def _close_when_due(self, closes_at_ms: int) -> None:
        due = None
        while not tasks.stopping():
            try:
                if due is None:
                    # A little jitter: the processes do not all knock on the lock at the same moment.
                    due = closes_at_ms + await db(_grace_ms)(self.round_id) + random.randint(5, 60)
                wait = (due - now_ms()) / 1000
                if wait > 0:
                    await asyncio.sleep(wait)
                events = await db(host_commands.close_if_due)(self.round_id)
            except Exception as error:
                if tasks.stopping():
                    raise asyncio.CancelledError from error
                log.exception("live round %s: the auto-close failed; trying again", self.round_id)
                await asyncio.sleep(1)
                continue
            await self.broadcast(self.round_id, events)
            return


def _grace_ms(round_id: int) -> int:
    return LiveRound.objects.filter(pk=round_id).values_list("grace_ms", flat=True).first() or 0
