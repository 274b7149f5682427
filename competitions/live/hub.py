"""One process's share of a live round's fan-out.

Every process with sockets of a round keeps one ``Hub`` for it. The hub is
the only member of the round's channel-layer group from this process, so a
broadcast costs Redis one message per process, not one per player; the hub
then writes the already-encoded frame to each of its local sockets, without
a consumer dispatch or a JSON encoding per socket.

The hub also keeps time for the round: when a ``question`` goes by it sets a
timer for the question's close, so the question closes and reveals even if
the host's browser and the host's process are gone (host_commands.close_if_due lets
exactly one process win). ``progress`` and ``lobby`` are coalesced: at most
one every LIVE_PROGRESS_EVERY_S / LIVE_LOBBY_EVERY_S per process.

As it sends a ``question`` to its sockets, the hub records which of its
players had a socket open when the question opened (LivePresence, for team
mode ``average``; PROTOCOL.md v2 "present"), after the frames are written.

The channel layer (Redis) is for the fan-out only, never for the game: while
it is away the hub keeps its sockets and serves them from the database. What
this process changes is delivered to its own sockets at once (broadcast),
what other processes change reaches them through the watcher, and the hub
joins its group again, and catches its sockets up, when the layer is back
(docs/LIVE.md, "When Redis is away").
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from functools import lru_cache

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from . import answers, catch_up, host_commands, messages, presence, scores
from .events import ALL, WATCHERS, Event, now_ms
from .models import LiveRound

log = logging.getLogger(__name__)

_hubs: dict[int, Hub] = {}


def db(function):
    """Run database work in a thread: on PostgreSQL several at once; SQLite takes one writer at a time anyway."""
    return database_sync_to_async(function, thread_sensitive=_one_thread())


@lru_cache(maxsize=1)
def _one_thread() -> bool:
    return "sqlite" in settings.DATABASES["default"]["ENGINE"]


def group_name(round_id: int) -> str:
    return f"live.{round_id}"


async def broadcast(round_id: int, events: list[Event]) -> None:
    """Send events to every socket of the round, in every process, in order.

    With the channel layer away, this process's sockets get them at once and
    the other processes' watchers read the change from the database. The
    send is not tried again later: by then the round may have moved on, and a
    late ``question`` would put an old question back on the screens.
    """
    if not events:
        return
    layer = get_channel_layer()
    try:
        await layer.group_send(group_name(round_id), {"type": "live.events", "events": [e.as_dict() for e in events]})
    except Exception as error:
        hub = _hubs.get(round_id)
        if hub is None:
            log.warning("live round %s: the channel layer is away (%s); nothing to send here", round_id, error)
            return
        hub.layer_failed(error)
        for event in events:
            await hub.deliver(event)


async def join(socket) -> Hub:
    """Register a consumer (with ``role``, ``player_id``, ``base_send``) with its round's hub in this process."""
    socket.opened_at_ms = now_ms()  # a player is present for the questions that open after this
    hub = _hubs.get(socket.round_id)
    if hub is None:
        hub = _hubs[socket.round_id] = Hub(socket.round_id)
    await hub.add(socket)
    return hub


async def leave(socket) -> None:
    hub = _hubs.get(socket.round_id)
    if hub is not None:
        await hub.remove(socket)


async def send(socket, frame: dict) -> None:
    """Write a frame to one socket, or hold it until the socket has had its ``state`` (see ready).

    A socket that cannot take it (closed under us, or its application killed
    by daphne during a slow handshake, so never told of its own disconnect)
    leaves the hub; the other sockets still get the frame.
    """
    if socket.held is not None:
        socket.held.append(frame)
        return
    try:
        await socket.base_send(frame)
    except Exception:
        log.info("live round %s: dropping a socket that cannot be written to", socket.round_id, exc_info=True)
        hub = _hubs.get(socket.round_id)
        if hub is not None:
            hub.sockets.discard(socket)


async def ready(socket) -> None:
    """The socket has sent its first message, ``state``: what came meanwhile follows it, in order."""
    held, socket.held = socket.held, None
    for frame in held or ():
        await send(socket, frame)


class Hub:
    # At most this many answers in one transaction.
    BATCH = 500

    def __init__(self, round_id: int):
        self.round_id = round_id
        self.sockets: set = set()
        self.ready = asyncio.Event()
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None
        self.closer: asyncio.Task | None = None
        self.closes_at_ms: int | None = None
        self.pending: dict[str, asyncio.Task] = {}
        self.dirty: set[str] = set()
        self.players_lobby_at = float("-inf")
        self.answers: list[tuple[answers.Answer, asyncio.Future]] = []
        self.watcher: asyncio.Task | None = None
        self.heard = False  # a change's status arrived since the watcher last looked
        # The last status and question index the sockets here were sent: a change heard does not
        # vouch for a second one made, unheard, within the same look.
        self.shown_status: str | None = None
        self.shown_index: int | None = None
        self.answering: asyncio.Task | None = None
        self.starting = False
        self.in_group = False  # joined the round's group, as far as this hub knows
        self.layer_down_since: float | None = None
        self.revealed: set[int] = set()  # questions whose reveal the sockets here have had
        self.background: set[asyncio.Task] = set()  # held here so the loop does not drop them

    # --- membership -------------------------------------------------------------

    async def add(self, socket) -> None:
        self.sockets.add(socket)
        if not self.starting:
            self.starting = True
            try:
                layer = get_channel_layer()
                self.channel = await layer.new_channel()
            except Exception:
                self.starting = False
                self.sockets.discard(socket)
                raise
            try:
                await layer.group_add(group_name(self.round_id), self.channel)
                self.in_group = True
            except Exception as error:  # the reader joins when the layer is back; the database serves meanwhile
                self.layer_failed(error)
            self.reader = asyncio.create_task(self._read())
            self.watcher = asyncio.create_task(self._watch())
            self.ready.set()
        await self.ready.wait()

    async def remove(self, socket) -> None:
        self.sockets.discard(socket)
        if self.sockets or _hubs.get(self.round_id) is not self:
            return
        del _hubs[self.round_id]
        for task in (self.reader, self.watcher, self.closer, self.answering, *self.pending.values()):
            if task is not None:
                task.cancel()
        if self.channel is not None:
            try:
                await get_channel_layer().group_discard(group_name(self.round_id), self.channel)
            except Exception:  # Redis gone: the membership expires by itself
                log.warning("live round %s: could not leave the group", self.round_id, exc_info=True)

    # --- receiving broadcasts -------------------------------------------------------

    async def _read(self) -> None:
        layer = get_channel_layer()
        while True:
            try:
                if not self.in_group:
                    # Redis restarted empty, or was away when the hub started: join (again).
                    await layer.group_add(group_name(self.round_id), self.channel)
                    self.in_group = True
                    await self._layer_back()
                message = await layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.layer_failed(error)
                await asyncio.sleep(1)
                continue
            if message.get("type") == "live.events":
                log.debug("live round %s: %d events received", self.round_id, len(message["events"]))
                for event in message["events"]:
                    try:
                        await self.deliver(Event(**event))
                    except Exception:
                        log.exception("live round %s: delivering %s failed", self.round_id, event.get("kind"))

    # --- the channel layer going away and coming back -------------------------------------

    def layer_failed(self, error: Exception) -> None:
        """The layer could not be used: say so once per outage, and join the group again when it is back."""
        self.in_group = False
        if self.layer_down_since is None:
            self.layer_down_since = time.monotonic()
            log.warning(
                "live round %s: the channel layer is away (%s); serving this process's sockets from the database",
                self.round_id,
                error,
            )

    async def _layer_back(self) -> None:
        """In the group again after an outage: whatever this process did not hear meanwhile, from the database."""
        if self.layer_down_since is None:
            return
        log.warning(
            "live round %s: the channel layer is back after %.1f s",
            self.round_id,
            time.monotonic() - self.layer_down_since,
        )
        self.layer_down_since = None
        try:
            await self._catch_up()
        except Exception:
            log.warning("live round %s: could not catch up after the outage", self.round_id, exc_info=True)

    async def _catch_up(self) -> None:
        for event in await db(catch_up.catch_up_events)(self.round_id):
            await self.deliver(event)

    async def deliver(self, event: Event) -> None:
        """Write one event to the local sockets it is for; reveals get each player's own points."""
        if event.kind == "reveal" and event.question_id is not None:
            if event.question_id in self.revealed:
                return  # a reveal is sent once: the watcher or a catch-up may have sent it already
            self.revealed.add(event.question_id)
        question = json.loads(event.frame) if event.kind == "question" else None
        if event.kind == "status":  # every change of the round sends one
            self.heard = True
            self.shown_status = json.loads(event.frame)["status"]
        elif question is not None:
            self.shown_index = question["question"]["index"]
        if event.kind == "question" and event.closes_at_ms is not None:
            self.set_timer(event.closes_at_ms)
        elif event.kind in ("reveal", "finished") or (
            event.kind == "status" and json.loads(event.frame)["status"] == "paused"
        ):
            self.cancel_timer()
        started = time.perf_counter()
        sockets = [s for s in self.sockets if event.audience == ALL or s.role != "player"]
        if event.kind == "lobby" and not self._players_due_a_lobby():
            sockets = [s for s in sockets if s.role != "player"]
        if event.kind == "reveal" and event.question_id is not None:
            await self._deliver_reveal(event, sockets)
        else:
            frame = {"type": "websocket.send", "text": event.frame}
            for socket in sockets:
                await send(socket, frame)
        if question is not None:  # after the frames: the fan-out does not wait for the database
            self.mark_present(question["question"]["id"], question["opens_at_ms"], self.sockets)
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "live round %s: %s to %d sockets in %.1f ms",
                self.round_id,
                event.kind,
                len(sockets),
                (time.perf_counter() - started) * 1000,
            )

    def mark_present(self, question_id: int, opens_at_ms: int, sockets) -> None:
        """Record, off the event loop, the players among ``sockets`` whose socket was open when the question opened.

        Called as each ``question`` is delivered here, and for a socket that
        opens during the "get ready" (its ``state`` holds the question). A
        socket opened after ``opens_at_ms`` is left out even when the question
        is sent again (a resume, a catch-up): that player is present only if
        they answer (PROTOCOL.md v2).
        """
        players = {
            s.player_id
            for s in sockets
            if s.player_id is not None and s.opened_at_ms is not None and s.opened_at_ms <= opens_at_ms
        }
        if not players:
            return
        task = asyncio.create_task(self._record_presence(question_id, players))
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    async def _record_presence(self, question_id: int, players: set[int]) -> None:
        try:
            await db(presence.record_presence)(question_id=question_id, player_ids=players)
        except Exception:  # the team's average then counts these players only if they answer
            log.warning("live round %s: could not record who was present for a question", self.round_id, exc_info=True)

    def _players_due_a_lobby(self) -> bool:
        """The host and screens see every ``lobby``; in a big round the phones see one now and then.

        A phone shows its team and the number of players, so a count some
        seconds old costs nothing; a ``lobby`` frame of a thousand teams (40 KB)
        written to thousands of phones every second costs the joins their CPU.
        One second per hundred local sockets: 10 s at 1,000, 50 s at 5,000.
        """
        every = max(settings.LIVE_LOBBY_EVERY_S, len(self.sockets) / 100)
        now = time.monotonic()
        if now - self.players_lobby_at < every * 0.8:  # the coalescing already spaces them by ``every``
            return False
        self.players_lobby_at = now
        return True

    async def _deliver_reveal(self, event: Event, sockets) -> None:
        players = any(s.player_id is not None for s in sockets)
        results = await db(scores.my_results)(event.question_id) if players else {}
        shared = {"type": "websocket.send", "text": event.frame}
        for socket in sockets:
            if socket.player_id is None:
                await send(socket, shared)
                continue
            points, correct = results.get(socket.player_id, (0, False))
            rank = (event.team_ranks or {}).get(str(socket.player.team_id)) if socket.player is not None else None
            text = messages.for_player(event.frame, points, correct, rank)
            await send(socket, {"type": "websocket.send", "text": text})

    # --- the round moved on and nobody told us ----------------------------------------------

    async def _watch(self) -> None:
        """Every LIVE_WATCH_EVERY_S, look at where the round is; if it moved with no broadcast heard
        (the process that changed it died before publishing, or the channel layer dropped it or is
        away), this process's sockets get the change from the database, a reveal included if they
        have not had it."""
        seen = None
        while True:
            await asyncio.sleep(settings.LIVE_WATCH_EVERY_S)
            try:
                now = await db(_where)(self.round_id)
                if seen is not None and now != seen and (not self.heard or self._behind(now)):
                    if self.layer_down_since is None:  # with the layer away, the usual way: said once already
                        log.warning(
                            "live round %s: moved to %s unheard; sending it from the database", self.round_id, now
                        )
                    await self._catch_up()
                seen, self.heard = now, False
            except Exception:
                log.warning("live round %s: could not look at the round", self.round_id, exc_info=True)

    def _behind(self, now: tuple) -> bool:
        """The round is not where the last broadcast heard here left it."""
        if not now:  # the round is gone
            return False
        status, index, _closes = now
        return status != self.shown_status or (self.shown_index is not None and index != self.shown_index)

    # --- answers, in batches --------------------------------------------------------------

    async def answer(self, answer: answers.Answer) -> answers.Ack:
        """Accept an answer with the others that arrive while the database is busy: one transaction for them all.

        The first answer goes to the database at once; those that come in
        meanwhile wait for it and then go together, so a quiet round answers
        in one round trip and a hall of thousands in few.
        """
        future = asyncio.get_running_loop().create_future()
        self.answers.append((answer, future))
        if self.answering is None:
            self.answering = asyncio.create_task(self._accept_answers())
        return await future

    async def _accept_answers(self) -> None:
        try:
            while self.answers:
                batch, self.answers = self.answers[: self.BATCH], self.answers[self.BATCH :]
                try:
                    acks = await db(answers.accept_answers)(self.round_id, [answer for answer, _ in batch])
                except Exception as error:
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_, future), ack in zip(batch, acks, strict=True):
                    if not future.done():
                        future.set_result(ack)
        finally:
            self.answering = None

    # --- the question's own clock ---------------------------------------------------------

    def set_timer(self, closes_at_ms: int) -> None:
        """Close the open question at ``closes_at_ms`` (plus grace) unless something else does first."""
        if self.closer is not None and self.closes_at_ms == closes_at_ms:
            return
        self.cancel_timer()
        self.closes_at_ms = closes_at_ms
        self.closer = asyncio.create_task(self._close_when_due(closes_at_ms))

    def cancel_timer(self) -> None:
        if self.closer is not None and self.closer is not asyncio.current_task():
            self.closer.cancel()
        self.closer = None

    async def _close_when_due(self, closes_at_ms: int) -> None:
        due = None
        while True:
            try:
                if due is None:
                    # A little jitter: the processes do not all knock on the lock at the same moment.
                    due = closes_at_ms + await db(_grace_ms)(self.round_id) + random.randint(5, 60)
                wait = (due - now_ms()) / 1000
                if wait > 0:
                    await asyncio.sleep(wait)
                events = await db(host_commands.close_if_due)(self.round_id)
            except Exception:
                log.exception("live round %s: the auto-close failed; trying again", self.round_id)
                await asyncio.sleep(1)
                continue
            await broadcast(self.round_id, events)
            return

    # --- coalesced messages ---------------------------------------------------------------

    def soon(self, name: str, every: float, make) -> None:
        """Send ``make()``'s events now, then at most once per ``every`` seconds while more keep coming."""
        if name in self.pending:
            self.dirty.add(name)
            return

        async def send_while_dirty():
            try:
                while True:
                    started = time.monotonic()
                    try:
                        await broadcast(self.round_id, await db(make)(self.round_id))
                    except Exception:
                        log.warning("live round %s: sending %s failed", self.round_id, name, exc_info=True)
                    await asyncio.sleep(max(0.0, every - (time.monotonic() - started)))
                    if name not in self.dirty:
                        return
                    self.dirty.discard(name)
            finally:
                self.pending.pop(name, None)

        self.pending[name] = asyncio.create_task(send_while_dirty())

    def answered(self) -> None:
        self.soon("progress", settings.LIVE_PROGRESS_EVERY_S, _progress_events)

    def joined(self) -> None:
        self.soon("lobby", settings.LIVE_LOBBY_EVERY_S, _lobby_events)


def _where(round_id: int) -> tuple:
    return tuple(
        LiveRound.objects.filter(pk=round_id).values_list("status", "question_index", "closes_at_ms").first() or ()
    )


def _grace_ms(round_id: int) -> int:
    return LiveRound.objects.filter(pk=round_id).values_list("grace_ms", flat=True).first() or 0


def _progress_events(round_id: int) -> list[Event]:
    message = messages.progress(round_id)
    return [Event.of(message, audience=WATCHERS)] if message else []


def _lobby_events(round_id: int) -> list[Event]:
    live = LiveRound.objects.select_related("round").get(pk=round_id)
    return [Event.of(messages.lobby(live))]
