"""One process's share of a live round's fan-out.

Every process with sockets of a round keeps one ``Hub`` for it. The hub is
the only member of the round's channel-layer group from this process, so a
broadcast costs Redis one message per process, not one per player; the hub
then writes the already-encoded frame to each of its local sockets, without
a consumer dispatch or a JSON encoding per socket.

Its other jobs each have a module: the question's own clock (clock.py),
the watcher that catches up on changes nobody heard of (watcher.py),
answers accepted in batches (answer_batches.py), and ``progress`` and
``lobby`` coalesced (coalescing.py). A socket's frames are held until it
has had its ``state`` (send, ready).

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
import time

from channels.layers import get_channel_layer
from django.conf import settings

from . import catch_up, messages, presence, scores, tasks
from .answer_batches import AnswerBatches
from .clock import QuestionClock
from .coalescing import Coalescer
from .database import db
from .events import ALL, Event, encode, now_ms
from .watcher import Watcher

log = logging.getLogger(__name__)

_hubs: dict[int, Hub] = {}


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
    by the server during a slow handshake, so never told of its own disconnect)
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
    def __init__(self, round_id: int):
        self.round_id = round_id
        self.sockets: set = set()
        self.ready = asyncio.Event()
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None
        self.players_lobby_at = float("-inf")
        self.clock = QuestionClock(round_id, broadcast)
        self.watcher = Watcher(self)
        self.answers = AnswerBatches(round_id)
        self.coalesced = Coalescer(round_id, broadcast)
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
            self.watcher.start()
            self.ready.set()
        await self.ready.wait()

    async def remove(self, socket) -> None:
        self.sockets.discard(socket)
        if self.sockets or _hubs.get(self.round_id) is not self:
            return
        del _hubs[self.round_id]
        if self.reader is not None:
            self.reader.cancel()
        for job in (self.watcher, self.clock, self.answers, self.coalesced):
            job.stop()
        if self.channel is not None:
            try:
                await get_channel_layer().group_discard(group_name(self.round_id), self.channel)
            except Exception:  # Redis gone: the membership expires by itself
                log.warning("live round %s: could not leave the group", self.round_id, exc_info=True)

    def running(self) -> list[asyncio.Task | None]:
        """Everything running for this hub: the reader, its jobs' tasks and the presence records."""
        return [
            self.reader,
            self.watcher.task,
            self.clock.closer,
            self.answers.batches.running,
            *self.coalesced.pending.values(),
            *self.background,
        ]

    # --- receiving broadcasts -------------------------------------------------------

    async def _read(self) -> None:
        layer = get_channel_layer()
        while not tasks.stopping():
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
                if tasks.stopping():
                    raise asyncio.CancelledError from error
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
            await self.catch_up()
        except Exception:
            log.warning("live round %s: could not catch up after the outage", self.round_id, exc_info=True)

    async def catch_up(self) -> None:
        """This process's sockets get the round's current messages from the database (catch_up.py)."""
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
            self.watcher.status_sent(json.loads(event.frame)["status"])
        elif question is not None:
            self.watcher.question_sent(question["question"]["index"])
        if event.kind == "question" and event.closes_at_ms is not None:
            self.clock.set(event.closes_at_ms)
        elif event.kind in ("reveal", "finished") or (
            event.kind == "status" and json.loads(event.frame)["status"] == "paused"
        ):
            self.clock.cancel()
        started = time.perf_counter()
        sockets = [s for s in self.sockets if event.audience == ALL or s.role != "player"]
        if event.kind == "lobby" and not self._players_due_a_lobby():
            sockets = [s for s in sockets if s.role != "player"]
        if event.kind == "reveal" and event.question_id is not None:
            await self._deliver_reveal(event, sockets)
        elif event.kind in ("leaderboard", "finished"):
            await self._deliver_board(event, sockets)
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

    async def _deliver_board(self, event: Event, sockets) -> None:
        """The table: whole to the host and screens, its top and their own team to players, encoded once per team."""
        message = json.loads(event.frame)
        field = "entries" if event.kind == "leaderboard" else "leaderboard"
        shared = {"type": "websocket.send", "text": event.frame}
        if len(message[field]) <= messages.PLAYERS_TOP:
            for socket in sockets:
                await send(socket, shared)
            return
        per_team: dict[int | None, dict] = {}
        places = messages.board_places(message[field])
        for socket in sockets:
            if socket.role != "player" or socket.player is None:
                await send(socket, shared)
                continue
            team_id = socket.player.team_id
            frame = per_team.get(team_id)
            if frame is None:
                board = messages.players_board(message[field], team_id, places)
                frame = per_team[team_id] = {"type": "websocket.send", "text": encode(message | {field: board})}
            await send(socket, frame)

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
