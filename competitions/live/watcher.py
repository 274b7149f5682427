"""The round moved on and nobody told us: each hub looks at the round in the database now and then.

A change whose broadcast is lost (the process that made it killed between
its commit and its publish, the channel layer dropping it or away) reaches
this process's sockets from the database within LIVE_WATCH_EVERY_S.
"""

from __future__ import annotations

import asyncio
import logging

from django.conf import settings

from . import tasks
from .database import db
from .models import LiveRound

log = logging.getLogger(__name__)


class Watcher:
    """One round's watcher in this process, for its ``hub`` (hub.Hub): it asks the hub to ``catch_up``."""

    def __init__(self, hub):
        self.hub = hub
        self.task: asyncio.Task | None = None
        self.heard = False  # a change's status arrived since the watcher last looked
        # The last status and question index the sockets here were sent: a change heard does not
        # vouch for a second one made, unheard, within the same look.
        self.shown_status: str | None = None
        self.shown_index: int | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(self._watch())

    def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def status_sent(self, status: str) -> None:
        """Every change of the round sends a ``status``; this one went to the sockets here."""
        self.heard = True
        self.shown_status = status

    def question_sent(self, index: int) -> None:
        self.shown_index = index

    async def _watch(self) -> None:
        """Every LIVE_WATCH_EVERY_S, look at where the round is; if it moved with no broadcast heard
        (the process that changed it died before publishing, or the channel layer dropped it or is
        away), this process's sockets get the change from the database, a reveal included if they
        have not had it."""
        round_id = self.hub.round_id
        seen = None
        while not tasks.stopping():
            await asyncio.sleep(settings.LIVE_WATCH_EVERY_S)
            try:
                now = await db(_where)(round_id)
                if seen is not None and now != seen and (not self.heard or self._behind(now)):
                    if self.hub.layer_down_since is None:  # with the layer away, the usual way: said once already
                        log.warning("live round %s: moved to %s unheard; sending it from the database", round_id, now)
                    await self.hub.catch_up()
                seen, self.heard = now, False
            except Exception as error:
                if tasks.stopping():
                    raise asyncio.CancelledError from error
                log.warning("live round %s: could not look at the round", round_id, exc_info=True)

    def _behind(self, now: tuple) -> bool:
        """The round is not where the last broadcast heard here left it."""
        if not now:  # the round is gone
            return False
        status, index, _closes = now
        return status != self.shown_status or (self.shown_index is not None and index != self.shown_index)


def _where(round_id: int) -> tuple:
    return tuple(
        LiveRound.objects.filter(pk=round_id).values_list("status", "question_index", "closes_at_ms").first() or ()
    )
