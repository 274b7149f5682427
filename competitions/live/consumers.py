"""The three sockets of a live round (PROTOCOL.md): ``play``, ``host`` and ``screen``.

They stay thin: who may connect, then each message to joining.py, answers.py or host_commands.py
(in the database) and the events it returns to hub.broadcast. Nothing a socket
sends about the game is kept here; a ``sync`` rebuilds it from the database.
"""

from __future__ import annotations

import logging
import time
from importlib import import_module
from typing import Any
from urllib.parse import parse_qs

from channels.auth import get_user
from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from quizsite import limits
from quizsite.consumers import NOT_ALLOWED, NOT_FOUND, SafeJsonConsumer
from quizsite.database_unavailable import is_connection_error

from . import access, answers, door, guards, guests, host_commands, hub, joining, messages
from .catch_up import current_events
from .database import db
from .events import Event, now_ms
from .models import LivePlayer, LiveRound

log = logging.getLogger(__name__)

# "Try again later" (RFC 6455): the database is away; the page reconnects and gets a full sync.
TRY_AGAIN_LATER = 1013

ERRORS = {
    "not_host": _("Chỉ người điều khiển vòng thi mới gửi được lệnh “%(type)s”."),
    "not_saved": _("Chưa lưu được câu trả lời vì máy chủ đang bận; hãy gửi lại."),
    "bad_answer": _("Câu trả lời cần “question_id” là một mã số (số nguyên dương) và “choices” là danh sách mã số."),
}


class LiveConsumer(SafeJsonConsumer):
    role = ""
    # No channel of its own: the round's hub (one per process) is the layer's only reader,
    # so a socket costs the layer nothing and a broadcast is not dispatched once per socket.
    channel_layer_alias = "live sockets have no channel"

    round_id: int | None = None
    player_id: int | None = None
    hub: hub.Hub | None = None
    held: list | None = None
    # When the socket joined its hub (hub.join): a player is present for the questions opened after it.
    opened_at_ms: int | None = None
    # The player's row with its team (the team a member plays for never changes within a round).
    player: LivePlayer | None = None

    async def connect(self) -> None:
        outcome = await db(self.admit)(self.scope["url_route"]["kwargs"]["code"])
        if outcome is not True:
            await self.refuse(outcome)
            return
        await self.accept()
        self.held = []  # broadcasts wait for the socket's first message, its state
        self.hub = await hub.join(self)
        await self.send_state()
        await hub.ready(self)
        await self.joined()

    async def joined(self) -> None:
        """What the round's other sockets should hear when this one has connected."""

    async def __call__(self, scope, receive, send) -> None:
        """Channels' consumer loop, less what a live socket never uses and would pay for with every message.

        A live socket has no channel of its own (the hub reads the layer), so
        there is nothing to wait for beside the client: no task and no
        ``asyncio.wait`` per message, as Channels' ``await_many_dispatch`` makes.
        """
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass

    async def dispatch(self, message: dict) -> None:
        """A message to its handler; a database that is away closes the socket with 1013, not a traceback.

        Channels' own dispatch first closes the thread's old database
        connections in a hop to the shared sync thread, for every message of
        every socket: thousands of answers would queue on that one thread. Here
        every database call runs through ``db()``, whose thread closes them.
        """
        try:
            handler = getattr(self, get_handler_name(message), None)
            if handler is None:
                raise ValueError(f"No handler for message type {message['type']}")
            await handler(message)
        except StopConsumer:
            raise
        except Exception as error:
            if not is_connection_error(error):
                raise
            log.warning("live round %s: the database is away, socket closed with 1013: %s", self.round_id, error)
            if self.hub is None:  # still in connect(), before accept(): accept so the client reads the code
                await self.accept()
            await self.close(TRY_AGAIN_LATER)

    def admit(self, code: str) -> bool | int:
        """Runs in a thread: True, or the close code (NOT_FOUND, NOT_ALLOWED).

        Wrong codes count against the address as on the pages (guards.py).
        An address over that limit is closed with NOT_FOUND, as a wrong code:
        the close must not tell a guesser that this code was right, and the
        project's pages stop reconnecting on it (a "try again later" would
        have every reconnect count as one more guess).
        """
        found = guards.find_round(
            code,
            user=self.scope.get("user"),
            session=self.scope.get("session"),
            address=limits.socket_address(self.scope),
            token=self.token(),
            # Players need only the round; the host's and screen's rights need its competition's unit too.
            with_unit=self.role != "player",
        )
        if found.live is None:
            return NOT_FOUND
        self.round_id = found.live.pk
        return True if self.authorise(found.live) else NOT_ALLOWED

    def token(self) -> str | None:
        """The projector's token (``?token=``) the socket was opened with, if any."""
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        return (query.get("token") or [None])[0]

    def authorise(self, live: LiveRound) -> bool:
        raise NotImplementedError

    async def disconnect(self, code: int) -> None:
        if self.hub is not None:
            await hub.leave(self)

    # --- messages ------------------------------------------------------------------

    async def receive_message(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "ping":
            await self.pong(message)
        elif kind == "sync":
            await self.send_state()
        elif kind == "answer":
            await self.answer(message, received_at_ms=now_ms())
        elif kind in host_commands.COMMANDS:
            await self.command(kind)
        else:
            await super().receive_message(message)

    async def answer(self, message: dict[str, Any], *, received_at_ms: int) -> None:
        ack = answers.Ack(message.get("question_id"), False, received_at_ms, "not_a_player")
        await self.send_json(ack.message())

    async def command(self, kind: str) -> None:
        await self.send_live_error("not_host", type=kind)

    async def send_live_error(self, code: str, **params) -> None:
        with translation.override(self.language):
            await self.send_error(code, str(ERRORS[code]) % params)

    async def send_state(self) -> None:
        # The clock may have closed the open question while no process had a timer for it.
        await hub.broadcast(self.round_id, await db(host_commands.close_if_due)(self.round_id))
        await self.send_first(await db(self.state)())

    async def send_first(self, state: dict) -> None:
        """Send a ``state``; an open question's clock and presence go with it."""
        if state["round"]["status"] == LiveRound.Status.QUESTION:
            self.hub.clock.set(state["closes_at_ms"])
        await self.send_json(state)
        if state["round"]["status"] == LiveRound.Status.QUESTION:
            # Opened during the "get ready": the question's own delivery went by before this socket was there.
            self.hub.mark_present(state["question"]["id"], state["opens_at_ms"], [self])

    def state(self) -> dict:
        live = LiveRound.objects.select_related("round").get(pk=self.round_id)
        if self.player is None and self.player_id:
            self.player = LivePlayer.objects.select_related("team").filter(pk=self.player_id).first()
        return messages.state(live, role=self.role, player=self.player, now=now_ms())

    # hub.Hub writes frames straight to base_send; no per-socket handler.


class PlayConsumer(LiveConsumer):
    """``/ws/live/<code>/play/``: a member of an entered team, or a guest who joined on the page."""

    role = "player"

    announce = False

    async def connect(self) -> None:
        """Let in with the other sockets knocking at this process (door.py); anything unusual, the usual way."""
        code = self.scope["url_route"]["kwargs"]["code"]
        session_key = (self.scope.get("cookies") or {}).get(settings.SESSION_COOKIE_NAME)
        admitted = await door.let_in(code, session_key) if session_key and access.is_code(code) else None
        if admitted is None:
            await self.sign_in(session_key)
            await super().connect()
            return
        self.player, self.player_id, self.round_id = admitted.player, admitted.player.pk, admitted.player.live_round_id
        self.announce = admitted.new or admitted.in_lobby
        await self.accept()
        self.held = []  # broadcasts wait for the socket's first message, its state
        self.hub = await hub.join(self)
        await self.send_state()
        await hub.ready(self)
        await self.joined()

    async def send_state(self) -> None:
        """The player's ``state``, on joining and on ``sync``, built with those of the round's other players asking
        now (door.py): after a process dies, thousands of phones reconnect and ``sync`` within the same second."""
        state, events = await door.state_of(self.round_id, self.player)
        await hub.broadcast(self.round_id, events)
        await self.send_first(state)

    async def sign_in(self, session_key: str | None) -> None:
        """The session and user of the usual way in (play sockets have no AuthMiddleware: door.py reads them)."""
        self.scope["session"] = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
        self.scope["user"] = await get_user(self.scope)

    def authorise(self, live: LiveRound) -> bool:
        user = self.scope.get("user")
        player, new = (None, False)
        if user is not None and user.is_authenticated:
            player, new = joining.join_member(live, user)
        if player is None:
            player = guests.session_guest(self.scope.get("session"), live)
        if player is None:
            return False
        self.player, self.player_id = player, player.pk
        # A new player, or anyone (a guest who joined on the page too) arriving in the lobby.
        self.announce = new or live.status == LiveRound.Status.LOBBY
        return True

    async def joined(self) -> None:
        if self.announce:
            self.hub.coalesced.joined()  # the lobby, at most once a second from this process

    async def answer(self, message: dict[str, Any], *, received_at_ms: int) -> None:
        question_id, choices = message.get("question_id"), message.get("choices")
        if (
            not answers.is_id(question_id)
            or not isinstance(choices, list)
            or not all(answers.is_id(c) for c in choices)
        ):
            await self.send_live_error("bad_answer")
            return
        try:
            ack = await self.hub.answers.accept(answers.Answer(self.player_id, question_id, choices, received_at_ms))
        except Exception:
            log.exception("live round %s: an answer could not be stored", self.round_id)
            await self.send_live_error("not_saved")  # nothing stored: the phone may send it again
            return
        await self.send_json(ack.message())
        if ack.accepted:
            self.hub.coalesced.answered()


class HostConsumer(LiveConsumer):
    """``/ws/live/<code>/host/``: the organiser who runs the round."""

    role = "host"

    def authorise(self, live: LiveRound) -> bool:
        return access.can_host(self.scope.get("user"), live)

    async def joined(self) -> None:
        # The host is back, perhaps because its process died between a change and its broadcast.
        await hub.broadcast(self.round_id, await db(current_events)(self.round_id))

    async def command(self, kind: str) -> None:
        started = time.perf_counter()
        try:
            events = await db(self.run)(kind)
        except host_commands.CommandRefused as refused:
            await self.send_error(refused.code, refused.message)
            return
        changed = time.perf_counter()
        await hub.broadcast(self.round_id, events)
        log.debug(
            "live round %s: %s in %.1f ms, broadcast in %.1f ms",
            self.round_id,
            kind,
            (changed - started) * 1000,
            (time.perf_counter() - changed) * 1000,
        )

    def run(self, kind: str) -> list[Event]:
        with translation.override(self.language):
            return host_commands.COMMANDS[kind](self.round_id)


class ScreenConsumer(LiveConsumer):
    """``/ws/live/<code>/screen/?token=``: the projector, read-only."""

    role = "screen"

    def authorise(self, live: LiveRound) -> bool:
        return access.can_watch(self.scope.get("user"), live, self.token())
